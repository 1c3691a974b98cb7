//! Which addresses a webhook may call: `http` or `https` URLs whose host is not, and does not
//! resolve to, a private, loopback, link-local, unspecified, broadcast or multicast address
//! (unless the deployment allows them). Checked when an endpoint is written and again at every
//! delivery, through a resolver that drops forbidden addresses, since DNS answers change.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;

/// The longest a host name may take to resolve when an endpoint is written or called.
pub const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a URL is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not an absolute http(s) URL with a host.
    Invalid(String),
    /// Its host is, or resolves only to, addresses the server does not call.
    NotAllowed(String),
}

/// Parses an endpoint URL: absolute, `http` or `https`, with a host, without credentials.
pub fn parse(url: &str) -> Result<Url, Refusal> {
    let parsed = Url::parse(url).map_err(|err| Refusal::Invalid(format!("not a URL: {err}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Refusal::Invalid("must be an http or https URL".to_owned()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Refusal::Invalid("must name a host".to_owned()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Refusal::Invalid("must not carry credentials".to_owned()));
    }
    Ok(parsed)
}

/// True for an address no webhook may call: private (RFC 1918, unique local), shared (CGNAT),
/// loopback, link-local, unspecified, broadcast, multicast, documentation; an IPv4-mapped IPv6
/// address is judged as its IPv4 address.
pub fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => forbidden_v4(v4),
            None => forbidden_v6(v6),
        },
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        // 100.64.0.0/10, shared address space; 0.0.0.0/8, "this network".
        || (a == 100 && (64..128).contains(&b))
        || a == 0
}

fn forbidden_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // fc00::/7 unique local, fe80::/10 link-local.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
}

/// Checks a URL's host now: an address literal directly, a name by resolving it (every address
/// it resolves to must be allowed). With `allow_private`, only the URL's form is checked.
pub async fn check(url: &str, allow_private: bool) -> Result<Url, Refusal> {
    let parsed = parse(url)?;
    if allow_private {
        return Ok(parsed);
    }
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addresses: Vec<IpAddr> = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
        Some(url::Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
        Some(url::Host::Domain(name)) => {
            tokio::time::timeout(LOOKUP_TIMEOUT, tokio::net::lookup_host((name, port)))
                .await
                .map_err(|_| Refusal::NotAllowed("the host did not resolve in time".to_owned()))?
                .map_err(|err| Refusal::NotAllowed(format!("the host does not resolve: {err}")))?
                .map(|addr| addr.ip())
                .collect()
        }
        None => Vec::new(),
    };
    if addresses.is_empty() {
        return Err(Refusal::NotAllowed("the host does not resolve".to_owned()));
    }
    if let Some(ip) = addresses.into_iter().find(|ip| is_forbidden(*ip)) {
        return Err(Refusal::NotAllowed(format!(
            "the host is or resolves to {ip}, a private, loopback, link-local or otherwise \
             internal address"
        )));
    }
    Ok(parsed)
}

/// The dispatcher's resolver: the system's answer without the forbidden addresses (unless
/// allowed), so a name that changed to an internal address since the endpoint was written is
/// not called.
#[derive(Clone, Copy, Debug)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0))
                .await?
                .filter(|addr| allow_private || !is_forbidden(addr.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!(
                    "{} resolves to no address a webhook may call",
                    name.as_str()
                )
                .into());
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_forbidden_and_public_ones_allowed() {
        for internal in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_forbidden(internal.parse().unwrap()), "{internal}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(!is_forbidden(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn only_http_urls_with_a_host_and_no_credentials_are_taken() {
        assert!(parse("https://hooks.example.com/x").is_ok());
        assert!(parse("http://hooks.example.com:8080/x").is_ok());
        for bad in [
            "ftp://example.com/",
            "file:///etc/passwd",
            "not a url",
            "https://user:pw@example.com/",
        ] {
            assert!(matches!(parse(bad), Err(Refusal::Invalid(_))), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_literal_internal_address_is_refused_unless_allowed() {
        assert!(matches!(
            check("http://127.0.0.1:9/hook", false).await,
            Err(Refusal::NotAllowed(_))
        ));
        assert!(matches!(
            check("http://[::1]:9/hook", false).await,
            Err(Refusal::NotAllowed(_))
        ));
        assert!(check("http://127.0.0.1:9/hook", true).await.is_ok());
        assert!(matches!(
            check("http://localhost:9/hook", false).await,
            Err(Refusal::NotAllowed(_))
        ));
    }
}

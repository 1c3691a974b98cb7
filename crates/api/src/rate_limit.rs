//! Abuse limits: sign-in and registration per client IP, optimiser calls per user. Over the
//! limit a caller gets 429 `rate_limited` with `Retry-After` (whole seconds until the next
//! call would pass).
//!
//! Each limit is a GCRA bucket (governor): a burst of N, then one more every 60/N seconds. The
//! buckets live in this process, so behind a load balancer each instance counts on its own
//! (the effective limit is N × instances). Sign-in is limited per IP; the IP is the TCP peer,
//! or with `TRUST_PROXY_HEADERS` the last `X-Forwarded-For` entry (the one the proxy in front
//! added), and an IPv6 client counts by its /64 network (one subscriber's usual allocation),
//! so it cannot take a fresh address for every try.
//!
//! Next to it, [`SignInBackoff`] slows down guessing one account's password from many
//! addresses: after a few failed sign-ins for the same email, each further one makes the next
//! attempt wait longer (doubling, up to a maximum). It counts failures for any email, whether
//! or not an account has it, so its answers never tell which emails are registered; it slows,
//! and never locks, the account (the wait is bounded and ends on its own).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest};
use budget_domain::Principal;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::problem::ApiError;

/// Every this many checks, buckets that are full again are dropped, so memory follows the
/// number of recent callers, not of all callers ever.
const SWEEP_EVERY: u64 = 1024;

/// One per-key limit; `None` inside when unlimited.
pub struct Limit<K: Hash + Eq + Clone> {
    limiter: Option<DefaultKeyedRateLimiter<K>>,
    checks: AtomicU64,
}

impl<K: Hash + Eq + Clone> Limit<K> {
    /// `per_minute` calls per key per minute; 0 means unlimited.
    pub fn per_minute(per_minute: u32) -> Self {
        Self {
            limiter: NonZeroU32::new(per_minute)
                .map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n))),
            checks: AtomicU64::new(0),
        }
    }

    /// Takes one call from `key`'s bucket, or says how many seconds until one is free.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            // Whole seconds, rounded up: coming back after Retry-After must succeed.
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

/// Failed sign-ins of one account are forgotten after this long without another.
const FORGET_FAILURES_AFTER: Duration = Duration::from_secs(15 * 60);
/// The wait after the first failure past the free ones.
const FIRST_WAIT: Duration = Duration::from_secs(4);
/// The most accounts followed at once; past it, only those being slowed down are kept.
const MAX_FOLLOWED_ACCOUNTS: usize = 100_000;

/// Per-account sign-in back-off (see the module docs).
pub struct SignInBackoff {
    /// Failures allowed without any wait; 0 turns the back-off off.
    free_failures: u32,
    max_wait: Duration,
    accounts: Mutex<HashMap<String, Failures>>,
}

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Instant,
    blocked_until: Instant,
}

impl SignInBackoff {
    pub fn new(free_failures: u32, max_wait_secs: u64) -> Self {
        Self {
            free_failures,
            max_wait: Duration::from_secs(max_wait_secs.max(1)),
            accounts: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `account` may try to sign in now, or in how many whole seconds.
    pub fn check(&self, account: &str, now: Instant) -> Result<(), u64> {
        if self.free_failures == 0 {
            return Ok(());
        }
        let accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        match accounts.get(account) {
            Some(failures) if failures.blocked_until > now => {
                let wait = failures.blocked_until - now;
                Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
            }
            _ => Ok(()),
        }
    }

    /// Counts a failed sign-in for `account`: past the free ones, the next attempt waits
    /// [`FIRST_WAIT`], then twice as long after each further failure, up to the maximum.
    pub fn failed(&self, account: &str, now: Instant) {
        if self.free_failures == 0 {
            return;
        }
        let mut accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        if accounts.len() >= MAX_FOLLOWED_ACCOUNTS && !accounts.contains_key(account) {
            accounts.retain(|_, f| {
                f.blocked_until > now && now.duration_since(f.last) < FORGET_FAILURES_AFTER
            });
            if accounts.len() >= MAX_FOLLOWED_ACCOUNTS {
                return;
            }
        }
        let entry = accounts.entry(account.to_owned()).or_insert(Failures {
            count: 0,
            last: now,
            blocked_until: now,
        });
        if now.duration_since(entry.last) >= FORGET_FAILURES_AFTER {
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
        if let Some(over) = entry.count.checked_sub(self.free_failures + 1) {
            let wait = (FIRST_WAIT * (1u32 << over.min(20))).min(self.max_wait);
            entry.blocked_until = now + wait;
        }
    }

    /// A successful sign-in clears the account's failures.
    pub fn succeeded(&self, account: &str) {
        if self.free_failures == 0 {
            return;
        }
        let mut accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        accounts.remove(account);
    }
}

/// The limits of one app.
pub struct RateLimits {
    pub sign_in: Limit<IpAddr>,
    pub sign_in_backoff: SignInBackoff,
    pub optimizer: Limit<i64>,
    /// Whether to believe `X-Forwarded-For` for the client IP.
    pub trust_proxy_headers: bool,
}

impl RateLimits {
    pub fn new(
        sign_in_per_minute: u32,
        optimizer_per_minute: u32,
        trust_proxy_headers: bool,
    ) -> Self {
        Self {
            sign_in: Limit::per_minute(sign_in_per_minute),
            sign_in_backoff: SignInBackoff::new(0, 1),
            optimizer: Limit::per_minute(optimizer_per_minute),
            trust_proxy_headers,
        }
    }

    /// These limits with the per-account sign-in back-off.
    pub fn with_sign_in_backoff(mut self, backoff: SignInBackoff) -> Self {
        self.sign_in_backoff = backoff;
        self
    }

    /// The client's IP: the peer, or behind a trusted proxy the address it forwarded.
    fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        if self.trust_proxy_headers {
            let forwarded = req
                .headers()
                .get_all("x-forwarded-for")
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
                .last();
            if forwarded.is_some() {
                return forwarded;
            }
        }
        req.peer_addr().map(|addr| addr.ip())
    }
}

/// The key a client IP is counted under: an IPv4 address (also when written as IPv4-mapped
/// IPv6), or an IPv6 address's /64 network.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
            }
        },
    }
}

/// Middleware for sign-in and registration: per client IP, before the body is read.
pub async fn per_client_ip(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let state = match crate::auth::state(req.request()) {
        Ok(state) => state,
        Err(err) => return Ok(req.error_response(err).map_into_right_body()),
    };
    if let Some(ip) = state.limits.client_ip(req.request()) {
        if let Err(seconds) = state.limits.sign_in.check(&client_key(ip)) {
            let err = ApiError::rate_limited(
                format!("too many sign-in attempts from this address; retry in {seconds} s"),
                seconds,
            );
            return Ok(req.error_response(err).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// Middleware for the optimiser's operations: per authenticated user. Runs after
/// [`authenticate_first`](crate::auth::authenticate_first), so only callers with access count.
pub async fn per_user_optimizer(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let state = match crate::auth::state(req.request()) {
        Ok(state) => state,
        Err(err) => return Ok(req.error_response(err).map_into_right_body()),
    };
    let user = req.extensions().get::<Principal>().map(|p| p.user_id);
    if let Some(user) = user {
        if let Err(seconds) = state.limits.optimizer.check(&user) {
            let err = ApiError::rate_limited(
                format!("too many optimiser calls; retry in {seconds} s"),
                seconds,
            );
            return Ok(req.error_response(err).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_caller_is_told_when_to_return() {
        let limit = Limit::per_minute(2);
        assert_eq!(limit.check(&1), Ok(()));
        assert_eq!(limit.check(&1), Ok(()));
        // One token every 30 s: the next is about 30 s away.
        let wait = limit.check(&1).unwrap_err();
        assert!((29..=30).contains(&wait), "{wait}");
        // Another key has its own bucket.
        assert_eq!(limit.check(&2), Ok(()));
    }

    #[test]
    fn ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4() {
        let key = |ip: &str| client_key(ip.parse().unwrap()).to_string();
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::");
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        // The per-IP limit is therefore shared by the whole /64.
        let limit = Limit::per_minute(1);
        assert_eq!(
            limit.check(&client_key("2001:db8::1".parse().unwrap())),
            Ok(())
        );
        assert!(limit
            .check(&client_key("2001:db8::ffff:2".parse().unwrap()))
            .is_err());
    }

    #[test]
    fn failed_sign_ins_of_one_account_wait_longer_and_longer_up_to_the_maximum() {
        let backoff = SignInBackoff::new(3, 32);
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(backoff.check("ann@example.com", start), Ok(()));
            backoff.failed("ann@example.com", start);
        }
        assert_eq!(backoff.check("ann@example.com", start), Ok(()));
        backoff.failed("ann@example.com", start);
        assert_eq!(backoff.check("ann@example.com", start), Err(4));
        assert_eq!(
            backoff.check("ann@example.com", start + Duration::from_millis(3_500)),
            Err(1)
        );
        assert_eq!(
            backoff.check("ann@example.com", start + Duration::from_secs(4)),
            Ok(())
        );
        // Another account is not affected.
        assert_eq!(backoff.check("bob@example.com", start), Ok(()));
        let mut now = start;
        let mut waits = Vec::new();
        for _ in 0..5 {
            now += Duration::from_secs(100);
            assert_eq!(backoff.check("ann@example.com", now), Ok(()));
            backoff.failed("ann@example.com", now);
            waits.push(backoff.check("ann@example.com", now).unwrap_err());
        }
        assert_eq!(waits, [8, 16, 32, 32, 32]);
        // A success clears the count.
        backoff.succeeded("ann@example.com");
        assert_eq!(backoff.check("ann@example.com", now), Ok(()));
        backoff.failed("ann@example.com", now);
        assert_eq!(backoff.check("ann@example.com", now), Ok(()));
        // Failures are forgotten after a quiet spell.
        let quiet = SignInBackoff::new(1, 8);
        quiet.failed("x", start);
        quiet.failed("x", start);
        assert_eq!(quiet.check("x", start), Err(4));
        let later = start + FORGET_FAILURES_AFTER;
        quiet.failed("x", later);
        assert_eq!(quiet.check("x", later), Ok(()));
    }

    #[test]
    fn zero_means_unlimited() {
        let limit = Limit::per_minute(0);
        for _ in 0..1000 {
            assert_eq!(limit.check(&1), Ok(()));
        }
    }
}

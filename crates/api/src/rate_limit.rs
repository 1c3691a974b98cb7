//! Abuse limits: sign-in and registration per client IP, optimiser calls per user. Over the
//! limit a caller gets 429 `rate_limited` with `Retry-After` (whole seconds until the next
//! call would pass).
//!
//! Each limit is a GCRA bucket (governor): a burst of N, then one more every 60/N seconds. The
//! buckets live in this process, so behind a load balancer each instance counts on its own
//! (the effective limit is N × instances). Sign-in is limited per IP, not per account, so a
//! guesser cannot lock a person out by trying their email; the IP is the TCP peer, or with
//! `TRUST_PROXY_HEADERS` the last `X-Forwarded-For` entry (the one the proxy in front added).

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// The limits of one app.
pub struct RateLimits {
    pub sign_in: Limit<IpAddr>,
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
            optimizer: Limit::per_minute(optimizer_per_minute),
            trust_proxy_headers,
        }
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
        if let Err(seconds) = state.limits.sign_in.check(&ip) {
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
    fn zero_means_unlimited() {
        let limit = Limit::per_minute(0);
        for _ in 0..1000 {
            assert_eq!(limit.check(&1), Ok(()));
        }
    }
}

//! Signed webhooks in the Standard Webhooks format: endpoints per board or organisation
//! ([`endpoints`]), the signature ([`signature`]), which addresses may be called
//! ([`address`]), and the dispatcher that fans each outbox event out to the matching endpoints
//! and delivers it with retries ([`dispatch`]).

pub mod address;
pub mod dispatch;
pub mod endpoints;
pub mod signature;

pub use dispatch::DispatchConfig;

/// What the webhook rules depend on in this deployment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Policy {
    /// Whether endpoints may be on private, loopback or link-local addresses (local receivers,
    /// tests). Off in production: a webhook must not reach into the server's own network.
    pub allow_private_addresses: bool,
}

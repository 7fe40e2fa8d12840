//! Rate limits of sensitive endpoints (login, password reset, invitations), per client address
//! and per account.

use crate::error::ApiError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::DefaultClock;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

type Keyed = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>;

/// The limiters.
pub struct Throttle {
    login: Keyed,
    reset: Keyed,
    invite: Keyed,
}

fn per_minute(n: u32) -> Keyed {
    let n = NonZeroU32::new(n).expect("limits are positive constants");
    RateLimiter::keyed(Quota::per_minute(n))
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle {
            login: per_minute(10),
            reset: per_minute(5),
            invite: per_minute(30),
        }
    }
}

impl Throttle {
    fn check(limiter: &Keyed, key: String) -> Result<(), ApiError> {
        limiter.check_key(&key).map_err(|_| ApiError::RateLimited)
    }

    /// A sign-in attempt from `client` for `email`.
    pub fn login(&self, client: &ClientAddr, email: &str) -> Result<(), ApiError> {
        Self::check(&self.login, format!("ip:{}", client.0))?;
        Self::check(&self.login, format!("email:{email}"))
    }

    /// A password-reset request.
    pub fn reset(&self, client: &ClientAddr, email: &str) -> Result<(), ApiError> {
        Self::check(&self.reset, format!("ip:{}", client.0))?;
        Self::check(&self.reset, format!("email:{email}"))
    }

    /// Sending invitations.
    pub fn invite(&self, user: &str) -> Result<(), ApiError> {
        Self::check(&self.invite, format!("user:{user}"))
    }
}

/// The client's address (the TCP peer; unknown for in-process requests).
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip: Option<IpAddr> = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(
            ip.map_or_else(|| "unknown".into(), |ip| ip.to_string()),
        ))
    }
}

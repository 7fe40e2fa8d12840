//! Rate limits of the controller, per client address, per account and per room: sign-in (with
//! growing delays after failures instead of a hard lock), password reset, room creation, join
//! tickets, invitations (a daily quota per account) and switching two-factor authentication off.
//! The numbers come from `[limits]` (see `crate::limits`).

use crate::audit::{Audit, AuditEvent};
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::limits::Limits;
use governor::clock::DefaultClock;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Keyed = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>;

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).expect("max(1) is positive")
}

fn per_minute(n: u32) -> Keyed {
    RateLimiter::keyed(Quota::per_minute(nonzero(n)))
}

fn per_hour(n: u32) -> Keyed {
    RateLimiter::keyed(Quota::per_hour(nonzero(n)))
}

/// Failed attempts allowed before delays begin.
pub const FREE_FAILURES: u32 = 5;
/// The longest delay between attempts after failures.
pub const MAX_DELAY: Duration = Duration::from_secs(300);
/// Most keys remembered by a [`Backoff`]; beyond, the oldest quiet ones are forgotten.
const MAX_KEYS: usize = 50_000;

#[derive(Debug)]
struct Strikes {
    failures: u32,
    not_before: Instant,
    last: Instant,
}

/// Growing delays after failures: after [`FREE_FAILURES`] failed attempts for a key, each
/// further attempt must wait twice as long as the one before (1 s, 2 s, 4 s, … up to
/// [`MAX_DELAY`]); a success forgets the key.
#[derive(Debug, Default)]
pub struct Backoff {
    keys: Mutex<HashMap<String, Strikes>>,
}

impl Backoff {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Strikes>> {
        self.keys
            .lock()
            .expect("backoff lock is never poisoned: no panics while held")
    }

    /// Refuses an attempt that comes too early.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), ApiError> {
        match self.lock().get(key) {
            Some(s) if now < s.not_before => Err(ApiError::RateLimited),
            _ => Ok(()),
        }
    }

    /// Counts a failure.
    pub fn fail(&self, key: &str, now: Instant) {
        let mut keys = self.lock();
        if keys.len() >= MAX_KEYS {
            let quiet = now.checked_sub(MAX_DELAY).unwrap_or(now);
            keys.retain(|_, s| s.last > quiet);
        }
        let s = keys.entry(key.to_owned()).or_insert(Strikes {
            failures: 0,
            not_before: now,
            last: now,
        });
        s.failures += 1;
        s.last = now;
        if s.failures > FREE_FAILURES {
            let doublings = (s.failures - FREE_FAILURES - 1).min(16);
            s.not_before = now + Duration::from_secs(1 << doublings).min(MAX_DELAY);
        }
    }

    /// Forgets a key after a success.
    pub fn succeed(&self, key: &str) {
        self.lock().remove(key);
    }
}

/// The limiters.
pub struct Throttle {
    audit: Arc<Audit>,
    login_address: Keyed,
    login_failures: Backoff,
    reset: Keyed,
    rooms: Keyed,
    tickets_address: Keyed,
    tickets_room: Keyed,
    invitations: Keyed,
    totp: Keyed,
}

impl Throttle {
    /// Limiters with the configured numbers; refusals go to `audit`.
    pub fn new(limits: &Limits, audit: Arc<Audit>) -> Self {
        Throttle {
            audit,
            login_address: per_minute(30),
            login_failures: Backoff::default(),
            reset: per_minute(5),
            rooms: per_hour(limits.rooms_per_address_per_hour),
            tickets_address: per_minute(limits.tickets_per_address_per_minute),
            tickets_room: per_minute(limits.tickets_per_room_per_minute),
            invitations: RateLimiter::keyed(
                Quota::with_period(Duration::from_secs(86_400) / limits.invitations_per_day.max(1))
                    .expect("a day divided by a positive count is positive")
                    .allow_burst(nonzero(limits.invitations_per_day)),
            ),
            totp: per_minute(5),
        }
    }

    fn check(limiter: &Keyed, key: String) -> Result<(), ApiError> {
        limiter.check_key(&key).map_err(|_| ApiError::RateLimited)
    }

    /// Records a refusal of `limit` in the audit log.
    fn audited(
        &self,
        client: &ClientAddr,
        limit: &'static str,
        result: Result<(), ApiError>,
    ) -> Result<(), ApiError> {
        if result.is_err() {
            self.audit.record(client, AuditEvent::Throttled { limit });
        }
        result
    }

    /// A sign-in attempt from `client` for the account `email`: limited per address, and
    /// delayed after failures per account and address, and (more tolerantly, against attacks
    /// from many addresses) per account.
    pub fn login(&self, client: &ClientAddr, email: &str) -> Result<(), ApiError> {
        let now = Instant::now();
        let result = Self::check(&self.login_address, format!("ip:{client}"))
            .and_then(|()| {
                self.login_failures
                    .check(&format!("account:{email}:{client}"), now)
            })
            .and_then(|()| self.login_failures.check(&format!("account:{email}"), now));
        self.audited(client, "sign_in", result)
    }

    /// A failed sign-in (wrong password or code).
    pub fn login_failed(&self, client: &ClientAddr, email: &str) {
        let now = Instant::now();
        self.login_failures
            .fail(&format!("account:{email}:{client}"), now);
        // Every fifth failure from anywhere counts against the account as a whole.
        let everywhere = format!("account:{email}:any");
        self.login_failures.fail(&everywhere, now);
        let failures = self
            .login_failures
            .lock()
            .get(&everywhere)
            .map_or(0, |s| s.failures);
        if failures.is_multiple_of(5) {
            self.login_failures.fail(&format!("account:{email}"), now);
        }
    }

    /// A successful sign-in forgets the failures from that address.
    pub fn login_succeeded(&self, client: &ClientAddr, email: &str) {
        self.login_failures
            .succeed(&format!("account:{email}:{client}"));
    }

    /// A password-reset request.
    pub fn reset(&self, client: &ClientAddr, email: &str) -> Result<(), ApiError> {
        let result = Self::check(&self.reset, format!("ip:{client}"))
            .and_then(|()| Self::check(&self.reset, format!("email:{email}")));
        self.audited(client, "password_reset", result)
    }

    /// Creating an ad-hoc room.
    pub fn room(&self, client: &ClientAddr) -> Result<(), ApiError> {
        let result = Self::check(&self.rooms, format!("ip:{client}"));
        self.audited(client, "room_creation", result)
    }

    /// Asking for a join ticket.
    pub fn ticket(&self, client: &ClientAddr, room: &str) -> Result<(), ApiError> {
        let result = Self::check(&self.tickets_address, format!("ip:{client}"))
            .and_then(|()| Self::check(&self.tickets_room, format!("room:{room}")));
        self.audited(client, "tickets", result)
    }

    /// Sending `recipients` invitations (the daily quota of `user`).
    pub fn invite(
        &self,
        client: &ClientAddr,
        user: &str,
        recipients: usize,
    ) -> Result<(), ApiError> {
        let n = nonzero(u32::try_from(recipients).unwrap_or(u32::MAX));
        let result = match self.invitations.check_key_n(&format!("user:{user}"), n) {
            Ok(Ok(())) => Ok(()),
            _ => Err(ApiError::RateLimited),
        };
        self.audited(client, "invitations", result)
    }

    /// Switching two-factor authentication off (a code is checked).
    pub fn totp(&self, client: &ClientAddr, user: &str) -> Result<(), ApiError> {
        let result = Self::check(&self.totp, format!("user:{user}"));
        self.audited(client, "two_factor", result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_after_free_failures_and_a_success_forgets() {
        let b = Backoff::default();
        let t0 = Instant::now();
        for _ in 0..FREE_FAILURES {
            assert!(b.check("k", t0).is_ok());
            b.fail("k", t0);
        }
        assert!(b.check("k", t0).is_ok(), "five failures are free");
        b.fail("k", t0);
        assert!(b.check("k", t0).is_err());
        assert!(b.check("k", t0 + Duration::from_millis(999)).is_err());
        assert!(b.check("k", t0 + Duration::from_secs(1)).is_ok());
        let t1 = t0 + Duration::from_secs(1);
        b.fail("k", t1);
        assert!(b.check("k", t1 + Duration::from_millis(1999)).is_err());
        assert!(b.check("k", t1 + Duration::from_secs(2)).is_ok());
        for i in 0..30 {
            b.fail("k", t1 + Duration::from_secs(i));
        }
        let t2 = t1 + Duration::from_secs(29);
        assert!(
            b.check("k", t2 + MAX_DELAY - Duration::from_millis(1))
                .is_err()
        );
        assert!(b.check("k", t2 + MAX_DELAY).is_ok(), "capped");
        assert!(b.check("other", t2).is_ok(), "keys are separate");
        b.succeed("k");
        assert!(b.check("k", t2).is_ok());
    }

    #[test]
    fn the_invitation_quota_counts_recipients() {
        let limits = Limits {
            invitations_per_day: 10,
            ..Limits::default()
        };
        let t = Throttle::new(&limits, Arc::new(Audit::discard()));
        let c = ClientAddr(None);
        assert!(t.invite(&c, "u", 6).is_ok());
        assert!(t.invite(&c, "u", 4).is_ok());
        assert!(t.invite(&c, "u", 1).is_err());
        assert!(t.invite(&c, "v", 10).is_ok(), "per account");
        assert!(
            t.invite(&c, "w", 11).is_err(),
            "more than a day's quota at once"
        );
    }
}

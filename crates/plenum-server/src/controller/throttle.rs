//! Rate limits of the controller, per client address, per account and per room: sign-in (with
//! growing delays after failures instead of a hard lock), password reset, room creation, join
//! tickets, invitations (a daily quota per account) and switching two-factor authentication off.
//! The numbers come from `[limits]` (see `crate::limits`).
//!
//! Each controller keeps its own limiters; in a cluster the same limits are also counted in
//! Redis (fixed windows, and the growing delays as blocks), so that several controllers behind
//! a load balancer do not multiply what one client may try. While Redis is away, each
//! controller's own limits still apply.

use crate::audit::{Audit, AuditEvent};
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::limits::Limits;
use governor::clock::DefaultClock;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use plenum_cluster::Cluster;
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

/// The wait before the next attempt after `failures` failures, if any.
fn delay_after(failures: u64) -> Option<Duration> {
    (failures > u64::from(FREE_FAILURES)).then(|| {
        let doublings = (failures - u64::from(FREE_FAILURES) - 1).min(16);
        Duration::from_secs(1 << doublings).min(MAX_DELAY)
    })
}

/// How long failures are counted in the cluster before they are forgotten.
const FAILURE_WINDOW: Duration = Duration::from_secs(3600);

/// A limit counted in the cluster: at most `max` hits per `window`.
#[derive(Clone, Copy, Debug)]
struct Rule {
    max: u64,
    window: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);

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
        if let Some(delay) = delay_after(u64::from(s.failures)) {
            s.not_before = now + delay;
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
    limits: Limits,
    shared: Option<Cluster>,
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
    /// Limiters with the configured numbers, also counted in `shared` (a cluster's Redis) if
    /// given; refusals go to `audit`.
    pub fn new(limits: &Limits, audit: Arc<Audit>, shared: Option<Cluster>) -> Self {
        Throttle {
            audit,
            limits: *limits,
            shared,
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

    /// Counts `n` hits on `key` in the cluster, if any, and refuses beyond `rule`.
    async fn shared(&self, key: &str, rule: Rule, n: u64) -> Result<(), ApiError> {
        let Some(cluster) = &self.shared else {
            return Ok(());
        };
        match cluster
            .hit(&format!("throttle:{key}"), rule.window, n)
            .await
        {
            Ok(hits) if hits > rule.max => Err(ApiError::RateLimited),
            Ok(_) => Ok(()),
            Err(e) => {
                tracing::warn!(error = %e, "shared rate limits unavailable; this controller's own apply");
                Ok(())
            }
        }
    }

    /// Whether `key` is delayed after failures in the cluster.
    async fn shared_blocked(&self, key: &str) -> Result<(), ApiError> {
        let Some(cluster) = &self.shared else {
            return Ok(());
        };
        match cluster.is_blocked(&format!("throttle:{key}")).await {
            Ok(true) => Err(ApiError::RateLimited),
            Ok(false) => Ok(()),
            Err(e) => {
                tracing::warn!(error = %e, "shared rate limits unavailable; this controller's own apply");
                Ok(())
            }
        }
    }

    /// Counts a failure on `key` in the cluster and delays further attempts once the free
    /// ones are used up; returns the failures counted.
    async fn shared_failure(&self, key: &str) -> u64 {
        let Some(cluster) = &self.shared else {
            return 0;
        };
        let key = format!("throttle:{key}");
        let counted = cluster.hit(&key, FAILURE_WINDOW, 1).await;
        let blocked = match counted {
            Ok(failures) => match delay_after(failures) {
                Some(delay) => cluster.block(&key, delay).await.map(|()| failures),
                None => Ok(failures),
            },
            Err(e) => Err(e),
        };
        blocked.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "cannot count a failure in the cluster");
            0
        })
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
    pub async fn login(&self, client: &ClientAddr, email: &str) -> Result<(), ApiError> {
        let now = Instant::now();
        let here = format!("account:{email}:{client}");
        let account = format!("account:{email}");
        let mut result = Self::check(&self.login_address, format!("ip:{client}"))
            .and_then(|()| self.login_failures.check(&here, now))
            .and_then(|()| self.login_failures.check(&account, now));
        if result.is_ok() {
            result = self
                .shared(
                    &format!("login:ip:{client}"),
                    Rule {
                        max: 30,
                        window: MINUTE,
                    },
                    1,
                )
                .await;
        }
        if result.is_ok() {
            result = self.shared_blocked(&format!("login:{here}")).await;
        }
        if result.is_ok() {
            result = self.shared_blocked(&format!("login:{account}")).await;
        }
        self.audited(client, "sign_in", result)
    }

    /// A failed sign-in (wrong password or code).
    pub async fn login_failed(&self, client: &ClientAddr, email: &str) {
        let now = Instant::now();
        // The same in the cluster: per account and address, and every fifth failure from
        // anywhere against the account as a whole.
        self.shared_failure(&format!("login:account:{email}:{client}"))
            .await;
        let any = self
            .shared_failure(&format!("login:account:{email}:any"))
            .await;
        if any > 0 && any.is_multiple_of(5) {
            self.shared_failure(&format!("login:account:{email}")).await;
        }
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
    pub async fn login_succeeded(&self, client: &ClientAddr, email: &str) {
        let here = format!("account:{email}:{client}");
        self.login_failures.succeed(&here);
        if let Some(cluster) = &self.shared
            && let Err(e) = cluster
                .forgive(&format!("throttle:login:{here}"), FAILURE_WINDOW)
                .await
        {
            tracing::warn!(error = %e, "cannot forget failures in the cluster");
        }
    }

    /// A password-reset request.
    pub async fn reset(&self, client: &ClientAddr, email: &str) -> Result<(), ApiError> {
        let rule = Rule {
            max: 5,
            window: MINUTE,
        };
        let mut result = Self::check(&self.reset, format!("ip:{client}"))
            .and_then(|()| Self::check(&self.reset, format!("email:{email}")));
        if result.is_ok() {
            result = self.shared(&format!("reset:ip:{client}"), rule, 1).await;
        }
        if result.is_ok() {
            result = self.shared(&format!("reset:email:{email}"), rule, 1).await;
        }
        self.audited(client, "password_reset", result)
    }

    /// Creating an ad-hoc room.
    pub async fn room(&self, client: &ClientAddr) -> Result<(), ApiError> {
        let rule = Rule {
            max: u64::from(self.limits.rooms_per_address_per_hour),
            window: 60 * MINUTE,
        };
        let mut result = Self::check(&self.rooms, format!("ip:{client}"));
        if result.is_ok() {
            result = self.shared(&format!("rooms:ip:{client}"), rule, 1).await;
        }
        self.audited(client, "room_creation", result)
    }

    /// Asking for a join ticket.
    pub async fn ticket(&self, client: &ClientAddr, room: &str) -> Result<(), ApiError> {
        let mut result = Self::check(&self.tickets_address, format!("ip:{client}"))
            .and_then(|()| Self::check(&self.tickets_room, format!("room:{room}")));
        if result.is_ok() {
            let per_address = Rule {
                max: u64::from(self.limits.tickets_per_address_per_minute),
                window: MINUTE,
            };
            result = self
                .shared(&format!("tickets:ip:{client}"), per_address, 1)
                .await;
        }
        if result.is_ok() {
            let per_room = Rule {
                max: u64::from(self.limits.tickets_per_room_per_minute),
                window: MINUTE,
            };
            result = self
                .shared(&format!("tickets:room:{room}"), per_room, 1)
                .await;
        }
        self.audited(client, "tickets", result)
    }

    /// Sending `recipients` invitations (the daily quota of `user`).
    pub async fn invite(
        &self,
        client: &ClientAddr,
        user: &str,
        recipients: usize,
    ) -> Result<(), ApiError> {
        let n = nonzero(u32::try_from(recipients).unwrap_or(u32::MAX));
        let mut result = match self.invitations.check_key_n(&format!("user:{user}"), n) {
            Ok(Ok(())) => Ok(()),
            _ => Err(ApiError::RateLimited),
        };
        if result.is_ok() {
            let daily = Rule {
                max: u64::from(self.limits.invitations_per_day),
                window: 24 * 60 * MINUTE,
            };
            result = self
                .shared(
                    &format!("invitations:user:{user}"),
                    daily,
                    u64::from(n.get()),
                )
                .await;
        }
        self.audited(client, "invitations", result)
    }

    /// Switching two-factor authentication off (a code is checked).
    pub async fn totp(&self, client: &ClientAddr, user: &str) -> Result<(), ApiError> {
        let mut result = Self::check(&self.totp, format!("user:{user}"));
        if result.is_ok() {
            result = self
                .shared(
                    &format!("totp:user:{user}"),
                    Rule {
                        max: 5,
                        window: MINUTE,
                    },
                    1,
                )
                .await;
        }
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

    #[tokio::test]
    async fn the_invitation_quota_counts_recipients() {
        let limits = Limits {
            invitations_per_day: 10,
            ..Limits::default()
        };
        let t = Throttle::new(&limits, Arc::new(Audit::discard()), None);
        let c = ClientAddr(None);
        assert!(t.invite(&c, "u", 6).await.is_ok());
        assert!(t.invite(&c, "u", 4).await.is_ok());
        assert!(t.invite(&c, "u", 1).await.is_err());
        assert!(t.invite(&c, "v", 10).await.is_ok(), "per account");
        assert!(
            t.invite(&c, "w", 11).await.is_err(),
            "more than a day's quota at once"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn controllers_of_one_cluster_share_their_limits_and_delays() {
        let limits = Limits {
            tickets_per_room_per_minute: 3,
            ..Limits::default()
        };
        let cluster = Cluster::in_process();
        let a = Throttle::new(&limits, Arc::new(Audit::discard()), Some(cluster.clone()));
        let b = Throttle::new(&limits, Arc::new(Audit::discard()), Some(cluster));
        let c = ClientAddr(None);
        assert!(a.ticket(&c, "r1").await.is_ok());
        assert!(a.ticket(&c, "r1").await.is_ok());
        assert!(b.ticket(&c, "r1").await.is_ok());
        assert!(
            b.ticket(&c, "r1").await.is_err(),
            "three per minute across both"
        );
        assert!(b.ticket(&c, "r2").await.is_ok(), "per room");
        tokio::time::advance(MINUTE).await;
        assert!(b.ticket(&c, "r1").await.is_ok(), "a new minute");

        // Failures at one controller delay sign-ins at the other.
        for _ in 0..=FREE_FAILURES {
            assert!(a.login(&c, "ada@example.org").await.is_ok());
            a.login_failed(&c, "ada@example.org").await;
        }
        assert!(b.login(&c, "ada@example.org").await.is_err());
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(
            b.login(&c, "ada@example.org").await.is_ok(),
            "the first delay is 1 s"
        );
        b.login_failed(&c, "ada@example.org").await;
        tokio::time::advance(Duration::from_secs(1)).await;
        // (b's own limiter has seen one failure only: this is the cluster's delay.)
        assert!(b.login(&c, "ada@example.org").await.is_err(), "then 2 s");
        b.login_succeeded(&c, "ada@example.org").await;
        assert!(
            b.login(&c, "ada@example.org").await.is_ok(),
            "a success forgets"
        );
    }
}

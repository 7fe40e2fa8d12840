//! Per-connection message rate limit: a token bucket, plus disconnection of clients that stay
//! over the limit.

use std::time::{Duration, Instant};

/// At most one `rate_limited` error per this interval.
const WARN_INTERVAL: Duration = Duration::from_secs(1);

/// The limits of one connection (from `[limits]`, see `crate::limits::Limits`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MessageLimits {
    /// Sustained messages per second.
    pub messages_per_second: f64,
    /// Burst size.
    pub message_burst: f64,
    /// A client over the limit for this long (without the bucket ever refilling) is
    /// disconnected, in milliseconds.
    pub flood_disconnect_ms: u64,
}

impl Default for MessageLimits {
    fn default() -> Self {
        MessageLimits {
            messages_per_second: 50.0,
            message_burst: 100.0,
            flood_disconnect_ms: 5000,
        }
    }
}

/// What to do with a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Process it.
    Allow,
    /// Drop it; `warn` says whether to tell the client this time.
    Drop {
        /// Send an `error/rate_limited`.
        warn: bool,
    },
    /// Close the connection.
    Disconnect,
}

/// The limiter of one connection.
#[derive(Debug)]
pub struct RateLimiter {
    limits: MessageLimits,
    tokens: f64,
    last: Instant,
    over_since: Option<Instant>,
    last_warned: Option<Instant>,
}

impl RateLimiter {
    /// A full bucket at `now`.
    pub fn new(now: Instant, limits: MessageLimits) -> Self {
        RateLimiter {
            limits,
            tokens: limits.message_burst,
            last: now,
            over_since: None,
            last_warned: None,
        }
    }

    /// Accounts for one message at `now`.
    pub fn check(&mut self, now: Instant) -> Verdict {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        let burst = self.limits.message_burst;
        self.tokens = (self.tokens + elapsed * self.limits.messages_per_second).min(burst);
        if self.tokens >= burst {
            self.over_since = None;
        }
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Verdict::Allow;
        }
        let since = *self.over_since.get_or_insert(now);
        if now - since >= Duration::from_millis(self.limits.flood_disconnect_ms) {
            return Verdict::Disconnect;
        }
        let warn = self.last_warned.is_none_or(|w| now - w >= WARN_INTERVAL);
        if warn {
            self.last_warned = Some(now);
        }
        Verdict::Drop { warn }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_sustained_rate() {
        let t0 = Instant::now();
        let mut l = RateLimiter::new(t0, MessageLimits::default());
        for _ in 0..100 {
            assert_eq!(l.check(t0), Verdict::Allow);
        }
        assert_eq!(l.check(t0), Verdict::Drop { warn: true });
        assert_eq!(l.check(t0), Verdict::Drop { warn: false });
        // 20 ms later one token is back.
        assert_eq!(l.check(t0 + Duration::from_millis(20)), Verdict::Allow);
    }

    #[test]
    fn a_steady_flood_is_disconnected_a_calm_client_never() {
        let t0 = Instant::now();
        let mut flood = RateLimiter::new(t0, MessageLimits::default());
        let mut calm = RateLimiter::new(t0, MessageLimits::default());
        let mut t = t0;
        let mut verdict = Verdict::Allow;
        for _ in 0..1000 {
            // 100 messages per second: twice the rate; the burst lasts 2 s, the flood 5 s more.
            t += Duration::from_millis(10);
            verdict = flood.check(t);
            if verdict == Verdict::Disconnect {
                break;
            }
        }
        assert_eq!(verdict, Verdict::Disconnect);
        assert!(t - t0 < Duration::from_secs(8));
        let mut t = t0;
        for _ in 0..2000 {
            t += Duration::from_millis(25);
            assert_eq!(calm.check(t), Verdict::Allow);
        }
    }
}

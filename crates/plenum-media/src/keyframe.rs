//! Throttling of keyframe requests towards one published video track.
//!
//! Requests closer together than [`MIN_INTERVAL`] are not sent at once but remembered and sent
//! when the interval has passed, so a subscriber never waits for a keyframe that was dropped.

use std::time::{Duration, Instant};

/// Minimum time between two keyframe requests to the same publisher track.
pub const MIN_INTERVAL: Duration = Duration::from_millis(500);

/// The throttle of one track.
#[derive(Debug, Default, Clone)]
pub struct KeyframeGate {
    last_sent: Option<Instant>,
    wanted: bool,
}

impl KeyframeGate {
    /// Asks for a keyframe; returns `true` if the request should be sent now.
    pub fn request(&mut self, now: Instant) -> bool {
        if self.last_sent.is_some_and(|l| now < l + MIN_INTERVAL) {
            self.wanted = true;
            return false;
        }
        self.last_sent = Some(now);
        self.wanted = false;
        true
    }

    /// Returns `true` if a remembered request is due now (and marks it sent).
    pub fn handle_timeout(&mut self, now: Instant) -> bool {
        if self.wanted && self.poll_timeout().is_some_and(|t| t <= now) {
            self.wanted = false;
            self.last_sent = Some(now);
            return true;
        }
        false
    }

    /// When a remembered request becomes due.
    pub fn poll_timeout(&self) -> Option<Instant> {
        match (self.wanted, self.last_sent) {
            (true, Some(l)) => Some(l + MIN_INTERVAL),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttles_and_defers_instead_of_dropping() {
        let t0 = Instant::now();
        let mut g = KeyframeGate::default();
        assert!(g.request(t0));
        assert!(!g.request(t0 + Duration::from_millis(100)));
        assert!(!g.request(t0 + Duration::from_millis(200)));
        assert_eq!(g.poll_timeout(), Some(t0 + MIN_INTERVAL));
        assert!(!g.handle_timeout(t0 + Duration::from_millis(499)));
        assert!(g.handle_timeout(t0 + MIN_INTERVAL));
        assert_eq!(g.poll_timeout(), None, "one deferred request, sent once");
        assert!(g.request(t0 + MIN_INTERVAL * 2));
    }
}

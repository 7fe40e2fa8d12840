//! Voice activity from RFC 6464 audio levels, with hysteresis.
//!
//! A publisher counts as speaking once its level stayed above [`THRESHOLD_DBOV`] for
//! [`ONSET`] (short dips between syllables allowed), and stops after [`RELEASE`] without a loud
//! packet. Pure logic over the times passed in.

use std::time::{Duration, Instant};

/// Level (dBov, 0 = loudest, -127 = silence) above which a packet counts as voice.
pub const THRESHOLD_DBOV: i8 = -50;
/// How long voice must last before the publisher counts as speaking.
pub const ONSET: Duration = Duration::from_millis(100);
/// How long silence must last before the publisher stops counting as speaking.
pub const RELEASE: Duration = Duration::from_millis(800);
/// A quiet gap longer than this restarts the onset.
const ONSET_GAP: Duration = Duration::from_millis(300);

/// Tracks one publisher's voice activity.
#[derive(Debug, Default, Clone)]
pub struct SpeakingDetector {
    speaking: bool,
    loud_since: Option<Instant>,
    last_loud: Option<Instant>,
}

impl SpeakingDetector {
    /// Whether the publisher counts as speaking.
    pub fn is_speaking(&self) -> bool {
        self.speaking
    }

    /// Feeds one packet's audio level; returns the new state when it changed.
    pub fn on_level(&mut self, now: Instant, level_dbov: i8) -> Option<bool> {
        if level_dbov > THRESHOLD_DBOV {
            if self
                .last_loud
                .is_none_or(|l| now.saturating_duration_since(l) > ONSET_GAP)
            {
                self.loud_since = Some(now);
            }
            self.last_loud = Some(now);
            if !self.speaking && self.loud_since.is_some_and(|s| now - s >= ONSET) {
                self.speaking = true;
                return Some(true);
            }
            None
        } else {
            self.handle_timeout(now)
        }
    }

    /// Ends speaking after [`RELEASE`] of silence; returns `Some(false)` when it ended.
    pub fn handle_timeout(&mut self, now: Instant) -> Option<bool> {
        match self.poll_timeout() {
            Some(t) if t <= now => {
                self.speaking = false;
                self.loud_since = None;
                Some(false)
            }
            _ => None,
        }
    }

    /// When speaking ends unless a loud packet arrives before.
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.speaking {
            self.last_loud.map(|l| l + RELEASE)
        } else {
            None
        }
    }

    /// Forgets everything (muted, session gone).
    pub fn reset(&mut self) -> Option<bool> {
        let was = self.speaking;
        *self = SpeakingDetector::default();
        was.then_some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Duration = Duration::from_millis(20);

    fn feed(d: &mut SpeakingDetector, t: &mut Instant, level: i8, frames: u32) -> Vec<bool> {
        let mut changes = Vec::new();
        for _ in 0..frames {
            *t += FRAME;
            changes.extend(d.on_level(*t, level));
        }
        changes
    }

    #[test]
    fn onset_needs_sustained_voice() {
        let mut d = SpeakingDetector::default();
        let mut t = Instant::now();
        assert!(
            feed(&mut d, &mut t, -20, 5).is_empty(),
            "80 ms is not yet speech"
        );
        assert_eq!(feed(&mut d, &mut t, -20, 1), vec![true]);
        assert!(
            feed(&mut d, &mut t, -20, 50).is_empty(),
            "no repeated events"
        );
    }

    #[test]
    fn short_pauses_keep_speaking_and_long_silence_ends_it() {
        let mut d = SpeakingDetector::default();
        let mut t = Instant::now();
        feed(&mut d, &mut t, -20, 10);
        assert!(d.is_speaking());
        assert!(feed(&mut d, &mut t, -100, 30).is_empty(), "600 ms pause");
        feed(&mut d, &mut t, -20, 1);
        let changes = feed(&mut d, &mut t, -100, 45);
        assert_eq!(changes, vec![false]);
    }

    #[test]
    fn silence_without_packets_ends_by_timeout() {
        let mut d = SpeakingDetector::default();
        let mut t = Instant::now();
        feed(&mut d, &mut t, -10, 10);
        let deadline = d.poll_timeout().unwrap();
        assert_eq!(d.handle_timeout(deadline - FRAME), None);
        assert_eq!(d.handle_timeout(deadline), Some(false));
        assert_eq!(d.poll_timeout(), None);
    }

    #[test]
    fn quiet_levels_never_start_speaking() {
        let mut d = SpeakingDetector::default();
        let mut t = Instant::now();
        assert!(feed(&mut d, &mut t, THRESHOLD_DBOV, 200).is_empty());
    }

    #[test]
    fn isolated_clicks_do_not_count() {
        let mut d = SpeakingDetector::default();
        let mut t = Instant::now();
        for _ in 0..20 {
            assert!(feed(&mut d, &mut t, -10, 1).is_empty());
            feed(&mut d, &mut t, -100, 20);
        }
    }
}

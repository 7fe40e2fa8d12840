//! Voice activity from RFC 6464 audio levels, with hysteresis.
//!
//! A publisher counts as speaking once its level stayed above [`THRESHOLD_DBOV`] for
//! [`ONSET`] (short dips between syllables allowed), and stops after [`RELEASE`] without a loud
//! packet. Each change carries when the voice really began (the first loud packet) or ended
//! (the last loud packet), so that speaking time can be measured without the hysteresis.
//! Pure logic over the times passed in.

use std::time::{Duration, Instant};

/// Level (dBov, 0 = loudest, -127 = silence) above which a packet counts as voice.
pub const THRESHOLD_DBOV: i8 = -50;
/// How long voice must last before the publisher counts as speaking.
pub const ONSET: Duration = Duration::from_millis(100);
/// How long silence must last before the publisher stops counting as speaking.
pub const RELEASE: Duration = Duration::from_millis(800);
/// A quiet gap longer than this restarts the onset.
const ONSET_GAP: Duration = Duration::from_millis(300);

/// A change of voice activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// Speaking now.
    pub speaking: bool,
    /// When the voice began (for `true`) or ended (for `false`).
    pub at: Instant,
}

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

    /// Feeds one packet's audio level; returns the change, if any.
    pub fn on_level(&mut self, now: Instant, level_dbov: i8) -> Option<Change> {
        if level_dbov > THRESHOLD_DBOV {
            if self
                .last_loud
                .is_none_or(|l| now.saturating_duration_since(l) > ONSET_GAP)
            {
                self.loud_since = Some(now);
            }
            self.last_loud = Some(now);
            if let Some(since) = self
                .loud_since
                .filter(|s| !self.speaking && now - *s >= ONSET)
            {
                self.speaking = true;
                return Some(Change {
                    speaking: true,
                    at: since,
                });
            }
            None
        } else {
            self.handle_timeout(now)
        }
    }

    /// Ends speaking after [`RELEASE`] of silence; returns the change when it ended.
    pub fn handle_timeout(&mut self, now: Instant) -> Option<Change> {
        match self.poll_timeout() {
            Some(t) if t <= now => {
                self.speaking = false;
                self.loud_since = None;
                Some(Change {
                    speaking: false,
                    at: self.last_loud.unwrap_or(now),
                })
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

    /// Forgets everything (muted, session gone at `now`).
    pub fn reset(&mut self, now: Instant) -> Option<Change> {
        let was = self.speaking;
        *self = SpeakingDetector::default();
        was.then_some(Change {
            speaking: false,
            at: now,
        })
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
            changes.extend(d.on_level(*t, level).map(|c| c.speaking));
        }
        changes
    }

    #[test]
    fn changes_carry_when_the_voice_began_and_ended() {
        let mut d = SpeakingDetector::default();
        let start = Instant::now();
        let mut t = start;
        feed(&mut d, &mut t, -100, 3);
        let first_loud = t + FRAME;
        let mut began = None;
        for _ in 0..10 {
            t += FRAME;
            began = began.or(d.on_level(t, -20));
        }
        assert_eq!(
            began,
            Some(Change {
                speaking: true,
                at: first_loud
            })
        );
        let last_loud = t;
        let ended = d.handle_timeout(last_loud + RELEASE);
        assert_eq!(
            ended,
            Some(Change {
                speaking: false,
                at: last_loud
            })
        );
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
        assert_eq!(d.handle_timeout(deadline).map(|c| c.speaking), Some(false));
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

//! The time as the room sees it: both clocks, read by the runtime and passed in.

use std::time::{Duration, Instant};

/// The current time: monotonic (for timers and durations) and wall clock (for what people see
/// and what is stored). The room never reads a clock itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now {
    /// Monotonic time.
    pub mono: Instant,
    /// Wall clock, milliseconds since the Unix epoch.
    pub wall_ms: u64,
}

impl Now {
    /// The wall-clock time of an earlier (or later) monotonic instant.
    pub fn wall_of(&self, at: Instant) -> u64 {
        if at <= self.mono {
            self.wall_ms
                .saturating_sub(duration_ms(self.mono.duration_since(at)))
        } else {
            self.wall_ms
                .saturating_add(duration_ms(at.duration_since(self.mono)))
        }
    }

    /// The same moment, `d` later.
    pub fn after(&self, d: Duration) -> Now {
        Now {
            mono: self.mono + d,
            wall_ms: self.wall_ms.saturating_add(duration_ms(d)),
        }
    }
}

/// Whole milliseconds of `d`, saturating.
pub(crate) fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_of_earlier_and_later_instants() {
        let now = Now {
            mono: Instant::now(),
            wall_ms: 10_000,
        };
        assert_eq!(now.wall_of(now.mono - Duration::from_millis(250)), 9_750);
        assert_eq!(now.wall_of(now.mono + Duration::from_secs(1)), 11_000);
        assert_eq!(now.after(Duration::from_secs(2)).wall_ms, 12_000);
    }
}

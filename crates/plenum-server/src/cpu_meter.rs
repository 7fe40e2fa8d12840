//! The process's CPU use between two readings, in percent of one core (200 on two busy cores),
//! from `getrusage` (user and system time): what a node announces as its load.

use nix::sys::resource::{UsageWho, getrusage};
use std::time::{Duration, Instant};

/// Readings closer together than this repeat the previous figure: over a few milliseconds
/// (the first announcement right after the start, say) CPU time is too coarse to mean anything.
const MIN_INTERVAL: Duration = Duration::from_millis(500);

/// Measures CPU use since the previous reading.
#[derive(Debug)]
pub struct CpuMeter {
    last: Option<(Instant, Duration)>,
    percent: u32,
}

/// User plus system time of this process so far.
fn cpu_time() -> Option<Duration> {
    let usage = getrusage(UsageWho::RUSAGE_SELF).ok()?;
    let time = |t: nix::sys::time::TimeVal| {
        Duration::from_secs(u64::try_from(t.tv_sec()).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec()).unwrap_or(0))
    };
    Some(time(usage.user_time()) + time(usage.system_time()))
}

impl Default for CpuMeter {
    fn default() -> Self {
        CpuMeter {
            last: cpu_time().map(|t| (Instant::now(), t)),
            percent: 0,
        }
    }
}

impl CpuMeter {
    /// Percent of one core used since the previous reading (0 until a reading spans at least
    /// [`MIN_INTERVAL`], or where the system does not tell).
    pub fn percent(&mut self) -> u32 {
        let Some(now) = cpu_time() else { return 0 };
        let at = Instant::now();
        match self.last {
            Some((then, before)) if at.duration_since(then) >= MIN_INTERVAL => {
                let used = now.saturating_sub(before).as_secs_f64();
                let wall = at.duration_since(then).as_secs_f64();
                self.percent = (used / wall * 100.0).round() as u32;
                self.last = Some((at, now));
            }
            Some(_) => {}
            None => self.last = Some((at, now)),
        }
        self.percent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_right_after_the_start_says_nothing() {
        let mut meter = CpuMeter::default();
        assert_eq!(meter.percent(), 0);
    }

    #[test]
    fn a_busy_thread_shows_as_cpu_use() {
        let mut meter = CpuMeter::default();
        // Keep one core busy for a while (work, not sleep: the meter counts CPU time).
        let start = Instant::now();
        let mut x = 0u64;
        while start.elapsed() < MIN_INTERVAL + Duration::from_millis(100) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        std::hint::black_box(x);
        let busy = meter.percent();
        assert!((20..=400).contains(&busy), "{busy} %");
    }
}

//! A watch on a subscriber's downlink queue, read from the round-trip times of its transport-wide
//! congestion-control feedback (str0m's statistics, every 200 ms): when the round trip grows
//! well above its floor from one reading to the next, packets are piling up in front of a link
//! slower than what the SFU sends, and the SFU should send less now, before the queue overflows
//! and the estimator notices the loss. A steady high round trip (a long path) is not a growing
//! queue. Pure bookkeeping over the values passed in; what to send instead is the allocation's
//! business.

use std::time::{Duration, Instant};

/// How long a round trip stays the floor: the lowest of the current and the previous window of
/// this length (so that a path that got longer for good becomes the new floor).
const FLOOR_WINDOW: Duration = Duration::from_secs(5);

/// Queueing delay (round trip over its floor) from which a growing queue counts.
const QUEUE_LIMIT: Duration = Duration::from_millis(60);

/// How much the queueing delay must have grown since the previous reading.
const GROWTH: Duration = Duration::from_millis(30);

/// Round-trip readings of one subscriber's feedback.
#[derive(Clone, Debug, Default)]
pub(crate) struct QueueWatch {
    /// The lowest round trip of the current window (and when the window began) and of the one
    /// before.
    floor: Option<(Instant, Duration, Duration)>,
    /// The previous reading's queueing delay.
    last_queue: Option<Duration>,
}

impl QueueWatch {
    /// Takes a reading of the round trip at `now`; true when the downlink's queue is growing.
    pub(crate) fn observe(&mut self, now: Instant, rtt: Duration) -> bool {
        let (started, current, previous) = match self.floor {
            Some((started, current, previous))
                if now.saturating_duration_since(started) < FLOOR_WINDOW =>
            {
                (started, current.min(rtt), previous)
            }
            Some((_, current, _)) => (now, rtt, current),
            None => (now, rtt, rtt),
        };
        self.floor = Some((started, current, previous));
        let queue = rtt.saturating_sub(current.min(previous));
        let grew = self
            .last_queue
            .is_some_and(|last| queue >= last.saturating_add(GROWTH));
        self.last_queue = Some(queue);
        grew && queue >= QUEUE_LIMIT
    }
}

#[cfg(test)]
mod tests {
    use super::QueueWatch;
    use std::time::{Duration, Instant};

    fn readings(rtts_ms: &[u64]) -> Vec<bool> {
        let mut watch = QueueWatch::default();
        let start = Instant::now();
        rtts_ms
            .iter()
            .enumerate()
            .map(|(i, rtt)| {
                let at = start + Duration::from_millis(200 * u64::try_from(i).unwrap_or(0));
                watch.observe(at, Duration::from_millis(*rtt))
            })
            .collect()
    }

    #[test]
    fn a_queue_that_builds_up_is_seen_at_its_first_clear_growth() {
        assert_eq!(
            readings(&[30, 29, 31, 30, 110, 230, 310, 310]),
            vec![false, false, false, false, true, true, true, false]
        );
    }

    #[test]
    fn jitter_and_a_long_steady_path_are_not_a_queue() {
        assert!(readings(&[300, 320, 290, 340, 310, 300]).iter().all(|g| !g));
        assert!(readings(&[30, 50, 40, 60, 45, 70, 50]).iter().all(|g| !g));
    }

    #[test]
    fn a_path_that_got_longer_becomes_the_floor() {
        // 30 ms, then 330 ms for good: seen once as growth, then the floor follows within two
        // windows, and a queue on top of the new floor counts again.
        let mut rtts = vec![30; 5];
        rtts.extend(vec![330; 60]);
        rtts.extend([420, 520]);
        let seen = readings(&rtts);
        assert!(seen[5], "a jump looks like a queue at first");
        assert!(seen[6..65].iter().all(|g| !g));
        assert_eq!(&seen[65..], &[true, true]);
    }
}

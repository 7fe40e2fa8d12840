//! The SFU's wake-up times: one per member, kept in order so that the next wake-up and the due
//! members are found without looking at every member. Not a clock: the SFU passes the times in,
//! and each member remembers its own entry (so an unchanged time costs nothing).

use std::collections::BTreeSet;
use std::time::Instant;

/// Ordered wake-up times of members (by id).
#[derive(Default)]
pub(crate) struct Timers {
    order: BTreeSet<(Instant, u64)>,
}

impl Timers {
    /// Moves `id`'s entry from `from` to `to` (either may be none).
    pub(crate) fn reschedule(&mut self, id: u64, from: Option<Instant>, to: Option<Instant>) {
        if from == to {
            return;
        }
        if let Some(t) = from {
            self.order.remove(&(t, id));
        }
        if let Some(t) = to {
            self.order.insert((t, id));
        }
    }

    /// The earliest wake-up.
    pub(crate) fn next(&self) -> Option<Instant> {
        self.order.first().map(|(t, _)| *t)
    }

    /// Members whose time has come, earliest first.
    pub(crate) fn due(&self, now: Instant) -> Vec<u64> {
        self.order
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|(_, id)| *id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Timers;
    use std::time::{Duration, Instant};

    #[test]
    fn due_members_come_in_time_order_and_a_moved_entry_leaves_its_old_place() {
        let t0 = Instant::now();
        let at = |ms| Some(t0 + Duration::from_millis(ms));
        let mut timers = Timers::default();
        timers.reschedule(1, None, at(30));
        timers.reschedule(2, None, at(10));
        timers.reschedule(3, None, at(20));
        assert_eq!(timers.next(), at(10));
        assert_eq!(timers.due(t0 + Duration::from_millis(20)), [2, 3]);
        timers.reschedule(2, at(10), at(40));
        timers.reschedule(3, at(20), None);
        assert_eq!(timers.due(t0 + Duration::from_millis(35)), [1]);
        assert_eq!(timers.next(), at(30));
        timers.reschedule(1, at(30), None);
        timers.reschedule(2, at(40), None);
        assert_eq!(timers.next(), None);
    }
}

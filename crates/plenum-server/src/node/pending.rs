//! The gate for WebSocket connections that have not joined yet: at most so many per client
//! address and in total (`[limits]`), so that idle upgrades cannot exhaust the node's memory.
//! A connection holds a [`Pending`] until it has joined (or resumed) or ends.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
struct Counts {
    total: usize,
    by_address: HashMap<Option<IpAddr>, usize>,
}

/// Counts un-joined connections.
#[derive(Debug)]
pub struct PendingGate {
    per_address: usize,
    total: usize,
    counts: Mutex<Counts>,
}

/// One un-joined connection's place; dropping it frees the place.
#[derive(Debug)]
pub struct Pending {
    gate: Arc<PendingGate>,
    address: Option<IpAddr>,
}

impl PendingGate {
    /// A gate for `per_address` connections per address and `total` in all.
    pub fn new(per_address: usize, total: usize) -> Arc<Self> {
        Arc::new(PendingGate {
            per_address,
            total,
            counts: Mutex::new(Counts::default()),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts
            .lock()
            .expect("pending gate lock is never poisoned: no panics while held")
    }

    /// A place for a new connection from `address`, or `None` when it must be refused.
    pub fn enter(self: &Arc<Self>, address: Option<IpAddr>) -> Option<Pending> {
        let mut counts = self.lock();
        let mine = counts.by_address.get(&address).copied().unwrap_or(0);
        if counts.total >= self.total || mine >= self.per_address {
            return None;
        }
        counts.total += 1;
        counts.by_address.insert(address, mine + 1);
        Some(Pending {
            gate: self.clone(),
            address,
        })
    }

    /// Connections waiting to join now.
    pub fn len(&self) -> usize {
        self.lock().total
    }

    /// Whether none waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut counts = self.gate.lock();
        counts.total -= 1;
        if let Some(n) = counts.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                counts.by_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_per_address_and_in_total_and_frees_on_drop() {
        let gate = PendingGate::new(2, 3);
        let a: Option<IpAddr> = "10.0.0.1".parse().ok();
        let b: Option<IpAddr> = "10.0.0.2".parse().ok();
        let a1 = gate.enter(a);
        let a2 = gate.enter(a);
        assert!(a1.is_some() && a2.is_some());
        assert!(gate.enter(a).is_none(), "per address");
        let b1 = gate.enter(b);
        assert!(b1.is_some());
        assert!(gate.enter(b).is_none(), "in total");
        drop(a1);
        assert_eq!(gate.len(), 2);
        assert!(gate.enter(b).is_some());
        drop((a2, b1));
        assert!(gate.enter(a).is_some());
        assert!(
            gate.is_empty(),
            "the place of a dropped temporary is free again"
        );
    }
}

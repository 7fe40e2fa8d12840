//! Who is connected where on this node: open WebSocket connections per room (joined, waiting,
//! or about to join), for the node's load in the cluster registry, the metrics, and the
//! controller's limits on rooms and people at once. Not the room's roster.

use plenum_protocol::RoomId;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Open connections per room.
#[derive(Debug, Default)]
pub struct Occupancy {
    rooms: Mutex<HashMap<RoomId, u32>>,
}

impl Occupancy {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<RoomId, u32>> {
        self.rooms
            .lock()
            .expect("occupancy lock is never poisoned: no panics while held")
    }

    /// Counts a connection to `room` until the returned guard is dropped.
    pub fn enter(self: &Arc<Self>, room: &RoomId) -> Occupant {
        *self.lock().entry(room.clone()).or_insert(0) += 1;
        Occupant {
            occupancy: self.clone(),
            room: room.clone(),
        }
    }

    /// Connections open now.
    pub fn total(&self) -> u32 {
        self.lock().values().sum()
    }

    /// Connections per room (rooms with at least one).
    pub fn per_room(&self) -> BTreeMap<String, u32> {
        self.lock()
            .iter()
            .map(|(room, n)| (room.to_string(), *n))
            .collect()
    }
}

/// One open connection; uncounted when dropped.
pub struct Occupant {
    occupancy: Arc<Occupancy>,
    room: RoomId,
}

impl Drop for Occupant {
    fn drop(&mut self) {
        let mut rooms = self.occupancy.lock();
        if let Some(n) = rooms.get_mut(&self.room) {
            *n -= 1;
            if *n == 0 {
                rooms.remove(&self.room);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_counted_per_room_while_open() {
        let occupancy = Arc::new(Occupancy::default());
        let r1 = RoomId::parse("r1").expect("valid id");
        let r2 = RoomId::parse("r2").expect("valid id");
        let a = occupancy.enter(&r1);
        let b = occupancy.enter(&r1);
        let c = occupancy.enter(&r2);
        assert_eq!(occupancy.total(), 3);
        assert_eq!(
            occupancy.per_room(),
            BTreeMap::from([("r1".to_owned(), 2), ("r2".to_owned(), 1)])
        );
        drop((a, c));
        assert_eq!(occupancy.per_room(), BTreeMap::from([("r1".to_owned(), 1)]));
        drop(b);
        assert_eq!(occupancy.total(), 0);
        assert!(occupancy.per_room().is_empty());
    }
}

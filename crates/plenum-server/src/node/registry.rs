//! The node's rooms: one actor per active room, spawned on the first admitted connection and
//! retired when the room is empty.

use super::ballot_box::BallotBox;
use super::room_actor::{self, Notice, RoomMsg, RoomTask};
use super::spool::Spool;
use plenum_media::SfuCommand;
use plenum_protocol::RoomId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio_util::task::TaskTracker;

/// Capacity of a room's inbox.
const INBOX_CAPACITY: usize = 1024;

struct Entry {
    tx: mpsc::Sender<RoomMsg>,
    notices: mpsc::UnboundedSender<Notice>,
    generation: u64,
    /// The SFU shard that carries the room's media.
    shard: usize,
}

/// Why a message could not reach a room.
#[derive(Debug, thiserror::Error)]
#[error("the room is overloaded")]
pub struct RoomBusy;

/// All active rooms of this node.
pub struct RoomRegistry {
    rooms: Mutex<HashMap<RoomId, Entry>>,
    next_generation: Mutex<u64>,
    /// One command channel per SFU shard.
    media: Vec<mpsc::Sender<SfuCommand>>,
    spool: Spool,
    ballots: BallotBox,
    capacity: usize,
    tracker: TaskTracker,
}

impl RoomRegistry {
    /// An empty registry whose rooms talk to the SFU shards through `media` (one channel per
    /// shard, at least one), keep their records in `spool` and record ballots in `ballots`.
    pub fn new(
        media: Vec<mpsc::Sender<SfuCommand>>,
        spool: Spool,
        ballots: BallotBox,
        capacity: usize,
        tracker: TaskTracker,
    ) -> Arc<Self> {
        Arc::new(RoomRegistry {
            rooms: Mutex::new(HashMap::new()),
            next_generation: Mutex::new(0),
            media,
            spool,
            ballots,
            capacity,
            tracker,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<RoomId, Entry>> {
        self.rooms
            .lock()
            .expect("registry lock is never poisoned: no panics while held")
    }

    /// Delivers `msg` to the room, starting its actor if needed. Returns the room's inbox for
    /// later messages of the same connection.
    pub fn admit(
        self: &Arc<Self>,
        room: &RoomId,
        msg: RoomMsg,
    ) -> Result<mpsc::Sender<RoomMsg>, RoomBusy> {
        let mut rooms = self.lock();
        if let Some(entry) = rooms.get(room).filter(|e| !e.tx.is_closed()) {
            entry.tx.try_send(msg).map_err(|_| RoomBusy)?;
            return Ok(entry.tx.clone());
        }
        let generation = {
            let mut g = self
                .next_generation
                .lock()
                .expect("generation lock is never poisoned");
            *g += 1;
            *g
        };
        let (tx, rx) = mpsc::channel(INBOX_CAPACITY);
        let (notices, notices_rx) = mpsc::unbounded_channel();
        tx.try_send(msg).map_err(|_| RoomBusy)?;
        let shard = least_busy(rooms.values().map(|e| e.shard), self.media.len());
        rooms.insert(
            room.clone(),
            Entry {
                tx: tx.clone(),
                notices,
                generation,
                shard,
            },
        );
        let task = RoomTask {
            id: room.clone(),
            generation,
            registry: self.clone(),
            media: self.media[shard].clone(),
            spool: self.spool.clone(),
            ballots: self.ballots.clone(),
            capacity: self.capacity,
        };
        self.tracker.spawn(room_actor::run(task, rx, notices_rx));
        Ok(tx)
    }

    /// Delivers a notice to a running room (a room that is not running has nobody to tell).
    pub fn deliver(&self, room: &RoomId, notice: Notice) {
        if let Some(entry) = self.lock().get(room) {
            let _ = entry.notices.send(notice);
        }
    }

    /// Ends the conference in `room`, if one runs here.
    pub fn end(&self, room: &RoomId) {
        self.deliver(room, Notice::End);
    }

    /// Called by an idle room: removes it unless a message arrived meanwhile. Admission
    /// happens under the same lock, so no connection can slip into a retired room.
    pub fn retire(
        &self,
        room: &RoomId,
        generation: u64,
        rx: &mut mpsc::Receiver<RoomMsg>,
        notices: &mut mpsc::UnboundedReceiver<Notice>,
    ) -> bool {
        let mut rooms = self.lock();
        if !rx.is_empty() || !notices.is_empty() {
            return false;
        }
        if rooms.get(room).is_some_and(|e| e.generation == generation) {
            rooms.remove(room);
        }
        rx.close();
        notices.close();
        true
    }

    /// The spool's figures.
    pub fn spool_stats(&self) -> &super::spool::SpoolStats {
        self.spool.stats()
    }

    /// Number of active rooms.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// The ids of the active rooms.
    pub fn room_ids(&self) -> Vec<RoomId> {
        self.lock().keys().cloned().collect()
    }

    /// Whether no room is active.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Tells every room to close its connections and stop.
    pub fn shutdown(&self) {
        for entry in self.lock().values() {
            let _ = entry.notices.send(Notice::Shutdown);
        }
    }
}

/// The shard (of `shards`) that carries the fewest of the rooms whose shards are `taken`: a new
/// room's media goes there, and stays there for the room's life.
fn least_busy(taken: impl Iterator<Item = usize>, shards: usize) -> usize {
    let mut load = vec![0usize; shards];
    for shard in taken {
        if let Some(n) = load.get_mut(shard) {
            *n += 1;
        }
    }
    (0..shards).min_by_key(|s| load[*s]).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::least_busy;

    #[test]
    fn new_rooms_go_to_the_shard_with_the_fewest_rooms() {
        assert_eq!(least_busy([].into_iter(), 1), 0);
        assert_eq!(least_busy([0, 0, 1].into_iter(), 2), 1);
        assert_eq!(least_busy([0, 1, 1].into_iter(), 3), 2);
        assert_eq!(
            least_busy([0, 1].into_iter(), 2),
            0,
            "a tie goes to the first"
        );
    }
}

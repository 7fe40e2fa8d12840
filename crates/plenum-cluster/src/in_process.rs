//! The in-process backend: the cluster's state in this process's memory, with tokio's clock
//! (so that paused-time tests move leases and windows).

use crate::{ClusterError, ClusterEvent, NodeInfo, choose_node};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio::time::Instant;

/// Events that wait for a slow subscriber before it starts missing some.
pub(crate) const EVENT_BACKLOG: usize = 1024;

#[derive(Default)]
struct State {
    nodes: HashMap<String, (NodeInfo, Instant)>,
    rooms: HashMap<String, String>,
    claims: HashMap<String, Instant>,
    blocks: HashMap<String, Instant>,
    /// "<window ms>:<key>" → (window length in ms, window index, hits).
    counters: HashMap<String, (u128, u128, u64)>,
}

/// The cluster's state in memory.
pub struct InProcess {
    state: Mutex<State>,
    events: broadcast::Sender<ClusterEvent>,
    epoch: Instant,
}

impl InProcess {
    pub(crate) fn new() -> Self {
        InProcess {
            state: Mutex::new(State::default()),
            events: broadcast::channel(EVENT_BACKLOG).0,
            epoch: Instant::now(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        let mut state = self
            .state
            .lock()
            .expect("cluster state lock is never poisoned: no panics while held");
        let now = Instant::now();
        state.nodes.retain(|_, (_, until)| *until > now);
        state.claims.retain(|_, until| *until > now);
        state.blocks.retain(|_, until| *until > now);
        state
    }

    pub(crate) fn announce(&self, node: &NodeInfo, lease: Duration) {
        self.lock()
            .nodes
            .insert(node.id.clone(), (node.clone(), Instant::now() + lease));
    }

    pub(crate) fn withdraw(&self, node_id: &str) {
        self.lock().nodes.remove(node_id);
    }

    pub(crate) fn nodes(&self) -> Vec<NodeInfo> {
        let mut nodes: Vec<NodeInfo> = self.lock().nodes.values().map(|(n, _)| n.clone()).collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes
    }

    pub(crate) fn place(&self, room: &str, zone: Option<&str>) -> Result<NodeInfo, ClusterError> {
        let mut state = self.lock();
        if let Some((node, _)) = state.rooms.get(room).and_then(|id| state.nodes.get(id)) {
            return Ok(node.clone());
        }
        let mut nodes: Vec<NodeInfo> = state.nodes.values().map(|(n, _)| n.clone()).collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let node = choose_node(&nodes, zone)
            .cloned()
            .ok_or_else(|| ClusterError::NoNode {
                zone: zone.map(str::to_owned),
            })?;
        state.rooms.insert(room.to_owned(), node.id.clone());
        Ok(node)
    }

    pub(crate) fn hold(&self, node_id: &str, rooms: &[String]) {
        let mut state = self.lock();
        for room in rooms {
            state
                .rooms
                .entry(room.clone())
                .or_insert_with(|| node_id.to_owned());
        }
    }

    pub(crate) fn release(&self, room: &str, node_id: &str) {
        let mut state = self.lock();
        if state.rooms.get(room).is_some_and(|n| n == node_id) {
            state.rooms.remove(room);
        }
    }

    pub(crate) fn claim(&self, key: &str, ttl: Duration) -> bool {
        let mut state = self.lock();
        if state.claims.contains_key(key) {
            return false;
        }
        state.claims.insert(key.to_owned(), Instant::now() + ttl);
        true
    }

    fn window_index(&self, window: Duration) -> (u128, u128) {
        let window_ms = window.as_millis().max(1);
        let elapsed = Instant::now().duration_since(self.epoch).as_millis();
        (window_ms, elapsed / window_ms)
    }

    pub(crate) fn hit(&self, key: &str, window: Duration, n: u64) -> u64 {
        let (window_ms, index) = self.window_index(window);
        let elapsed = Instant::now().duration_since(self.epoch).as_millis();
        let mut state = self.lock();
        state.counters.retain(|_, (w, i, _)| elapsed / *w == *i);
        let entry = state
            .counters
            .entry(format!("{window_ms}:{key}"))
            .or_insert((window_ms, index, 0));
        entry.2 += n;
        entry.2
    }

    pub(crate) fn block(&self, key: &str, ttl: Duration) {
        self.lock()
            .blocks
            .insert(key.to_owned(), Instant::now() + ttl);
    }

    pub(crate) fn is_blocked(&self, key: &str) -> bool {
        self.lock().blocks.contains_key(key)
    }

    pub(crate) fn forgive(&self, key: &str, window: Duration) {
        let (window_ms, _) = self.window_index(window);
        let mut state = self.lock();
        state.blocks.remove(key);
        state.counters.remove(&format!("{window_ms}:{key}"));
    }

    pub(crate) fn publish(&self, event: &ClusterEvent) {
        // No subscriber is not an error: nobody needed to hear it.
        let _ = self.events.send(event.clone());
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<ClusterEvent> {
        self.events.subscribe()
    }
}

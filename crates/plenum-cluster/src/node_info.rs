//! What a conference node tells the cluster about itself.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A conference node as the registry knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInfo {
    /// Stable id, unique in the installation.
    pub id: String,
    /// Where clients reach the node's HTTP (WebSocket) side, without a trailing slash, for
    /// example `https://node-1.example.org`.
    pub url: String,
    /// The zone (region, data centre) the node is in.
    pub zone: Option<String>,
    /// How many participants the node takes at most.
    pub capacity: u32,
    /// Draining: the node takes no new rooms; running ones finish.
    pub draining: bool,
    /// Its current load.
    pub load: NodeLoad,
    /// Its rooms with their connections (for limits on rooms and people at once).
    #[serde(default)]
    pub rooms: BTreeMap<String, u32>,
}

/// A node's load at its last announcement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeLoad {
    /// Rooms running.
    pub rooms: u32,
    /// Participants connected.
    pub participants: u32,
    /// CPU use of the node's process, in percent of one core.
    pub cpu_percent: u32,
    /// The cores the node may use.
    #[serde(default = "one")]
    pub cores: u32,
}

fn one() -> u32 {
    1
}

/// A node whose process uses more than this share of its cores (in percent) takes no new rooms:
/// the rooms it runs need the rest.
pub const BUSY_CPU_PERCENT: u32 = 85;

impl NodeInfo {
    /// Whether the node may take a new room in `zone` (any zone when `None`): not draining,
    /// below its capacity, not busy (CPU), in the zone.
    pub fn accepts(&self, zone: Option<&str>) -> bool {
        !self.draining
            && self.load.participants < self.capacity
            && u64::from(self.load.cpu_percent)
                < u64::from(BUSY_CPU_PERCENT) * u64::from(self.load.cores.max(1))
            && zone.is_none_or(|z| self.zone.as_deref() == Some(z))
    }

    /// The share of its capacity in use, in parts per million (0 for a node of capacity 0,
    /// which never accepts anyway).
    pub fn usage_ppm(&self) -> u64 {
        match self.capacity {
            0 => 0,
            c => u64::from(self.load.participants) * 1_000_000 / u64::from(c),
        }
    }
}

impl Default for NodeLoad {
    fn default() -> Self {
        NodeLoad {
            rooms: 0,
            participants: 0,
            cpu_percent: 0,
            cores: 1,
        }
    }
}

//! Where the controller sends people for a room's conference: to this process's node
//! (`plenum serve`, a relative WebSocket URL) or to the room's node in the cluster.

use crate::error::ApiError;
use crate::node::occupancy::Occupancy;
use plenum_cluster::Cluster;
use plenum_protocol::RoomId;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where a room's conference runs.
#[derive(Clone, Debug)]
pub enum Placement {
    /// On the node in this process (whose connections per room are `occupancy`).
    Local {
        /// The node's open connections per room.
        occupancy: Arc<Occupancy>,
    },
    /// On the cluster's nodes: a room stays on the node it was placed on while that node lives.
    Cluster {
        /// The shared state.
        cluster: Cluster,
        /// The zone new rooms go to (none: any node).
        zone: Option<String>,
    },
}

impl Placement {
    /// The WebSocket URL for `room`'s conference (placing the room if it runs nowhere yet).
    pub async fn ws_url(&self, room: &RoomId) -> Result<String, ApiError> {
        let path = format!("/node/v1/rooms/{room}/ws");
        match self {
            Placement::Local { .. } => Ok(path),
            Placement::Cluster { cluster, zone } => {
                let node = cluster.place(room.as_str(), zone.as_deref()).await?;
                Ok(format!("{}{path}", node.url))
            }
        }
    }
}

impl Placement {
    /// The running rooms of the installation with their open connections.
    pub async fn occupancy(&self) -> Result<BTreeMap<String, u32>, ApiError> {
        match self {
            Placement::Local { occupancy } => Ok(occupancy.per_room()),
            Placement::Cluster { cluster, .. } => {
                let mut rooms = BTreeMap::new();
                for node in cluster.nodes().await? {
                    for (room, people) in node.rooms {
                        *rooms.entry(room).or_insert(0) += people;
                    }
                }
                Ok(rooms)
            }
        }
    }
}

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
        /// The zone new rooms go to unless their meeting names one (none: any node).
        zone: Option<String>,
    },
}

impl Placement {
    /// The WebSocket URL for `room`'s conference (placing the room if it runs nowhere yet): in
    /// `required_zone` if given (the meeting's), else in the controller's own zone, if any.
    pub async fn ws_url(
        &self,
        room: &RoomId,
        required_zone: Option<&str>,
    ) -> Result<String, ApiError> {
        let path = format!("/node/v1/rooms/{room}/ws");
        match self {
            Placement::Local { .. } => Ok(path),
            Placement::Cluster { cluster, zone } => {
                let zone = required_zone.or(zone.as_deref());
                let node = cluster.place(room.as_str(), zone).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use plenum_cluster::{NodeInfo, NodeLoad};
    use std::time::Duration;

    fn node(id: &str, zone: &str) -> NodeInfo {
        NodeInfo {
            id: id.into(),
            url: format!("http://{id}.test"),
            zone: Some(zone.into()),
            capacity: 100,
            draining: false,
            load: NodeLoad::default(),
            rooms: BTreeMap::new(),
        }
    }

    #[tokio::test]
    async fn a_meeting_s_zone_comes_before_the_controller_s() {
        let cluster = Cluster::in_process();
        for n in [node("a1", "a"), node("b1", "b")] {
            cluster
                .announce(&n, Duration::from_secs(60))
                .await
                .expect("announced");
        }
        let placement = Placement::Cluster {
            cluster,
            zone: Some("a".into()),
        };
        let room = |id: &str| RoomId::parse(id).expect("valid id");
        let url = placement.ws_url(&room("r1"), None).await.expect("placed");
        assert_eq!(url, "http://a1.test/node/v1/rooms/r1/ws");
        let url = placement
            .ws_url(&room("r2"), Some("b"))
            .await
            .expect("placed");
        assert_eq!(url, "http://b1.test/node/v1/rooms/r2/ws");
        let refused = placement.ws_url(&room("r3"), Some("c")).await;
        assert!(matches!(refused, Err(ApiError::Unavailable(m)) if m.contains("zone c")));
    }
}

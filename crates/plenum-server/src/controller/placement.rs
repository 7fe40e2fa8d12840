//! Where the controller sends people for a room's conference: to this process's node
//! (`plenum serve`, a relative WebSocket URL) or to the room's node in the cluster; and how it
//! tells the nodes what they must know (a conference ends, an account's tickets are revoked):
//! directly, or as events on the cluster's bus.

use crate::error::ApiError;
use crate::node::Node;
use plenum_cluster::Cluster;
use plenum_cluster::ClusterEvent;
use plenum_protocol::RoomId;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where a room's conference runs.
#[derive(Clone)]
pub enum Placement {
    /// On the node in this process.
    Local {
        /// The node.
        node: Arc<Node>,
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
            Placement::Local { node } => Ok(node.occupancy().per_room()),
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

impl std::fmt::Debug for Placement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Placement::Local { .. } => f.write_str("Placement::Local"),
            Placement::Cluster { cluster, zone } => f
                .debug_struct("Placement::Cluster")
                .field("cluster", cluster)
                .field("zone", zone)
                .finish(),
        }
    }
}

impl Placement {
    /// Ends the conference in `room` wherever it runs.
    pub fn end_conference(&self, room: &RoomId) {
        match self {
            Placement::Local { node } => node.registry().end(room),
            Placement::Cluster { cluster, .. } => publish(
                cluster,
                ClusterEvent::EndRoom {
                    room: room.to_string(),
                },
            ),
        }
    }

    /// Makes every node refuse the unused tickets of `subject` issued until now.
    pub fn revoke_tickets(&self, subject: &str) {
        let now = crate::unix_millis() / 1000;
        match self {
            Placement::Local { node } => node.verifier().revoke(subject, now),
            Placement::Cluster { cluster, .. } => publish(
                cluster,
                ClusterEvent::RevokeTickets {
                    subject: subject.to_owned(),
                    issued_before: now,
                },
            ),
        }
    }
}

/// Publishes `event` in the background (a request does not wait for Redis; a failure is
/// logged: tickets expire within 30 s anyway, and an ended meeting's room cannot be entered).
fn publish(cluster: &Cluster, event: ClusterEvent) {
    let cluster = cluster.clone();
    tokio::spawn(async move {
        if let Err(e) = cluster.publish(&event).await {
            tracing::warn!(error = %e, ?event, "cannot tell the nodes");
        }
    });
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

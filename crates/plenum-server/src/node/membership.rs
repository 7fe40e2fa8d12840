//! A separately running node's part in the cluster (`plenum node`): it announces itself with
//! its load every third of its lease and holds its running rooms' placements, acts on the
//! cluster's events (end a room, revoke an account's tickets), fetches the controllers' ticket
//! keys now and then, and publishes its own protocol key. Not here: the node's conferences
//! (`node/`), the shared state itself (`plenum-cluster`).

use super::Node;
use super::controller_client::ControllerClient;
use plenum_cluster::{Cluster, ClusterEvent, NodeInfo};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long a node's announcement lasts; it renews every third of it.
pub const NODE_LEASE: Duration = Duration::from_secs(6);
/// How often a node fetches the controllers' keys again.
const KEY_REFRESH: Duration = Duration::from_secs(300);

/// What a node brings into the cluster.
pub struct Membership {
    /// The shared state.
    pub cluster: Cluster,
    /// The node.
    pub node: Arc<Node>,
    /// Its way to the controllers.
    pub client: ControllerClient,
    /// How the registry shows it (its load is filled in at every announcement).
    pub info: NodeInfo,
    /// Its protocol signing key, to publish.
    pub protocol_key: plenum_protocol::api::PublicKey,
}

/// Starts the node's tasks in the cluster; they end with `stop`.
pub fn join(m: Membership, tracker: &TaskTracker, stop: &CancellationToken) {
    tracker.spawn(publish_protocol_key(
        m.client.clone(),
        m.protocol_key,
        stop.clone(),
    ));
    tracker.spawn(announce(
        m.cluster.clone(),
        m.node.clone(),
        m.info,
        stop.clone(),
    ));
    tracker.spawn(follow_events(m.cluster, m.node.clone(), stop.clone()));
    tracker.spawn(refresh_keys(m.client, m.node, stop.clone()));
}

/// Announces the node with its load, and holds its running rooms' placements, every third of
/// its lease until shutdown. A failed announcement (Redis away) is retried on the next beat;
/// running conferences go on.
async fn announce(cluster: Cluster, node: Arc<Node>, mut info: NodeInfo, stop: CancellationToken) {
    let mut beat = tokio::time::interval(NODE_LEASE / 3);
    let mut cpu = crate::cpu_meter::CpuMeter::default();
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = beat.tick() => {}
        }
        info.load = node.load();
        info.load.cpu_percent = cpu.percent();
        info.draining = node.is_draining();
        info.rooms = node.occupancy().per_room();
        let rooms: Vec<String> = node
            .registry()
            .room_ids()
            .iter()
            .map(ToString::to_string)
            .collect();
        let announced = cluster.announce(&info, NODE_LEASE).await;
        if let Err(e) = announced.and(cluster.hold(&info.id, &rooms).await) {
            tracing::warn!(error = %e, "cannot announce this node; retrying");
        }
    }
}

/// Acts on the cluster's events that concern this node's rooms.
async fn follow_events(cluster: Cluster, node: Arc<Node>, stop: CancellationToken) {
    let mut events = cluster.subscribe();
    loop {
        let event = tokio::select! {
            _ = stop.cancelled() => return,
            event = events.recv() => event,
        };
        match event {
            Ok(ClusterEvent::EndRoom { room }) => {
                if let Some(room) = plenum_protocol::RoomId::parse(&room) {
                    node.registry().end(&room);
                }
            }
            Ok(ClusterEvent::RevokeTickets {
                subject,
                issued_before,
            }) => node.verifier().revoke(&subject, issued_before),
            Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                tracing::warn!(missed = n, "missed cluster events");
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Publishes the node's protocol key, retrying with growing pauses until a controller took it.
async fn publish_protocol_key(
    client: ControllerClient,
    key: plenum_protocol::api::PublicKey,
    stop: CancellationToken,
) {
    let mut pause = Duration::from_secs(1);
    loop {
        match client.publish_key(&key).await {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, retry_in = ?pause, "cannot publish this node's protocol key")
            }
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(pause) => {}
        }
        pause = (pause * 2).min(Duration::from_secs(60));
    }
}

/// Fetches the controllers' keys now and then (a rotated key reaches the node).
async fn refresh_keys(client: ControllerClient, node: Arc<Node>, stop: CancellationToken) {
    let mut every = tokio::time::interval(KEY_REFRESH);
    every.tick().await;
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = every.tick() => {}
        }
        match client.fetch_keys().await {
            Ok(keys) => {
                if let Err(e) = node.verifier().replace_keys(&keys) {
                    tracing::warn!(error = %e, "the controllers publish an unusable key set");
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot refresh the controllers' keys"),
        }
    }
}

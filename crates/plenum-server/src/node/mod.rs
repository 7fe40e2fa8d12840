//! The node role: the signaling WebSocket, one actor per room, and the SFU.
//!
//! A node admits a connection only with a ticket signed by the controller (checked with the
//! controller's public key, no database) or with a resume token of a place it still keeps.
//! It needs no controller to run a conference.

mod ballot_box;
mod connection;
pub mod controller_client;
mod media_bridge;
mod media_driver;
pub mod membership;
pub mod occupancy;
pub mod pending;
pub mod rate_limit;
mod registry;
mod room_actor;
pub mod spool;

pub use ballot_box::ClaimSink;
pub use media_driver::MediaShard;

use crate::audit::Audit;
use crate::client_addr::ClientAddr;
use crate::limits::Limits;
use crate::ticket::TicketVerifier;
use axum::Router;
use axum::extract::{Path, State, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use plenum_protocol::RoomId;
pub use registry::RoomRegistry;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Largest accepted WebSocket message: an SDP answer with a few hundred m-lines fits.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// What a node is made of.
pub struct NodeSetup {
    /// Checks tickets.
    pub verifier: TicketVerifier,
    /// Resource limits.
    pub limits: Limits,
    /// The SFU shards, each with its own media port (at least one).
    pub media: Vec<MediaShard>,
    /// Where records wait until they are stored.
    pub spool_dir: std::path::PathBuf,
    /// The controller's storage for records.
    pub storage: spool::Sink,
    /// The controller's storage for "this voter voted".
    pub ballots: ClaimSink,
    /// Signs vote protocols.
    pub protocol_signer: Arc<crate::protocol_signer::ProtocolSigner>,
    /// The security audit log.
    pub audit: Arc<Audit>,
    /// The cluster this node is part of: each ticket is also claimed there, so that it is
    /// single-use across nodes and node restarts (`plenum serve`: none).
    pub cluster: Option<plenum_cluster::Cluster>,
    /// The process's metrics.
    pub metrics: Arc<crate::metrics::Metrics>,
}

/// The node's state.
pub struct Node {
    verifier: TicketVerifier,
    limits: Limits,
    pending: Arc<pending::PendingGate>,
    audit: Arc<Audit>,
    registry: Arc<RoomRegistry>,
    cluster: Option<plenum_cluster::Cluster>,
    metrics: Arc<crate::metrics::Metrics>,
    /// WebSocket connections open now, per room.
    occupancy: Arc<occupancy::Occupancy>,
    /// Draining: announced so, takes no new rooms; running ones finish.
    draining: AtomicBool,
    next_conn: AtomicU64,
    shutdown: CancellationToken,
    tracker: TaskTracker,
}

impl Node {
    /// Starts the node's SFU and spool and returns the node.
    pub fn start(
        setup: NodeSetup,
        shutdown: CancellationToken,
        tracker: TaskTracker,
    ) -> std::io::Result<Arc<Node>> {
        if setup.media.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a node needs at least one media shard",
            ));
        }
        let (acks, mut acks_rx) = mpsc::unbounded_channel();
        let spool = spool::Spool::start(
            setup.spool_dir,
            setup.storage,
            acks,
            shutdown.clone(),
            &tracker,
        )?;
        let (media_tx, media_rx): (Vec<_>, Vec<_>) =
            setup.media.iter().map(|_| mpsc::channel(4096)).unzip();
        let registry = RoomRegistry::new(
            media_tx,
            spool,
            ballot_box::BallotBox::new(setup.ballots, setup.protocol_signer, tracker.clone()),
            setup.limits.participants_per_room,
            tracker.clone(),
        );
        // Each shard on a thread of its own with a single-threaded runtime: the SFU is one
        // state machine per shard, and shards share nothing but the room registry. A plain
        // thread, not the runtime's blocking pool: that would hold paused test time still and
        // keep a dropped runtime waiting. The shard stops on shutdown, or when this runtime
        // goes away without one (its task below is dropped and cancels the shard's token).
        for (i, (shard, commands)) in setup.media.into_iter().zip(media_rx).enumerate() {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let stop = shutdown.child_token();
            let guard = stop.clone().drop_guard();
            let outer = shutdown.clone();
            tracker.spawn(async move {
                let _guard = guard;
                outer.cancelled().await;
            });
            let registry = registry.clone();
            let metrics = setup.metrics.clone();
            std::thread::Builder::new()
                .name(format!("plenum-sfu-{i}"))
                .spawn(move || {
                    runtime.block_on(media_driver::run(shard, commands, registry, metrics, stop));
                })?;
        }
        let acked = registry.clone();
        tracker.spawn(async move {
            while let Some((room, key)) = acks_rx.recv().await {
                acked.deliver(&room, room_actor::Notice::Persisted(key));
            }
        });
        Ok(Arc::new(Node {
            verifier: setup.verifier,
            pending: pending::PendingGate::new(
                setup.limits.pending_connections_per_address,
                setup.limits.pending_connections,
            ),
            limits: setup.limits,
            audit: setup.audit,
            registry,
            cluster: setup.cluster,
            metrics: setup.metrics,
            occupancy: Arc::default(),
            draining: AtomicBool::new(false),
            next_conn: AtomicU64::new(1),
            shutdown,
            tracker,
        }))
    }

    /// The ticket verifier (its keys can be replaced while the node runs).
    pub fn verifier(&self) -> &TicketVerifier {
        &self.verifier
    }

    /// The node's rooms.
    pub fn registry(&self) -> &Arc<RoomRegistry> {
        &self.registry
    }

    /// The node's rooms and connections (the announcement adds its CPU use).
    pub fn load(&self) -> plenum_cluster::NodeLoad {
        plenum_cluster::NodeLoad {
            rooms: u32::try_from(self.registry.len()).unwrap_or(u32::MAX),
            participants: self.occupancy.total(),
            cpu_percent: 0,
            cores: std::thread::available_parallelism()
                .map_or(1, |n| u32::try_from(n.get()).unwrap_or(u32::MAX)),
        }
    }

    /// Open connections per room.
    pub fn occupancy(&self) -> &Arc<occupancy::Occupancy> {
        &self.occupancy
    }

    /// Starts draining: the cluster places no new rooms here (from the next announcement on);
    /// running rooms go on until they end.
    pub fn drain(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }

    /// Whether the node is draining.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    /// Claims a verified ticket in the cluster, if any. `Err` only when the ticket was used
    /// before; while the cluster state cannot be reached the node's own memory of used
    /// tickets (already checked) has to do, so that joins keep working.
    async fn claim_in_cluster(
        &self,
        claims: &crate::ticket::TicketClaims,
    ) -> Result<(), crate::ticket::TicketError> {
        let Some(cluster) = &self.cluster else {
            return Ok(());
        };
        let ttl = std::time::Duration::from_secs(crate::ticket::TICKET_TTL_SECS);
        match cluster.claim(&format!("ticket:{}", claims.jti), ttl).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(crate::ticket::TicketError::Reused),
            Err(e) => {
                tracing::warn!(error = %e, "cannot claim a ticket in the cluster; relying on this node's memory");
                Ok(())
            }
        }
    }

    /// Connections that have not joined yet.
    pub fn pending_connections(&self) -> usize {
        self.pending.len()
    }

    /// Closes every connection with "shutting down" and stops the rooms.
    pub fn shutdown(&self) {
        self.shutdown.cancel();
        self.registry.shutdown();
    }

    /// The `/node/v1` routes.
    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/node/v1/rooms/{room}/ws", get(websocket))
            .with_state(self)
    }
}

/// Buffer sizes of a WebSocket: small, since signaling messages are small (they grow as
/// needed up to [`MAX_MESSAGE_BYTES`]).
const SOCKET_BUFFER_BYTES: usize = 4 * 1024;

async fn websocket(
    State(node): State<Arc<Node>>,
    Path(room): Path<String>,
    client: ClientAddr,
    upgrade: WebSocketUpgrade,
) -> Response {
    let Some(room) = RoomId::parse(&room) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(pending) = node.pending.enter(client.0) else {
        tracing::info!(%client, "too many connections waiting to join; refused");
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "too many connections that have not joined",
        )
            .into_response();
    };
    let tracker = node.tracker.clone();
    let open = node.occupancy.enter(&room);
    upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .read_buffer_size(SOCKET_BUFFER_BYTES)
        .write_buffer_size(SOCKET_BUFFER_BYTES)
        .on_upgrade(move |socket| {
            tracker.track_future(async move {
                let _open = open;
                connection::run(socket, room, node, client, pending).await
            })
        })
}

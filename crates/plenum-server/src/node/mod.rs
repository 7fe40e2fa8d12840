//! The node role: the signaling WebSocket, one actor per room, and the SFU.
//!
//! A node admits a connection only with a ticket signed by the controller (checked with the
//! controller's public key, no database) or with a resume token of a place it still keeps.
//! It needs no controller to run a conference.

mod connection;
mod media_bridge;
mod media_driver;
pub mod rate_limit;
mod registry;
mod room_actor;

use crate::ticket::TicketVerifier;
use axum::Router;
use axum::extract::{Path, State, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use plenum_media::Sfu;
use plenum_protocol::RoomId;
pub use registry::RoomRegistry;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Largest accepted WebSocket message: an SDP answer with a few hundred m-lines fits.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// The node's state.
pub struct Node {
    verifier: TicketVerifier,
    limits: rate_limit::MessageLimits,
    registry: Arc<RoomRegistry>,
    next_conn: AtomicU64,
    shutdown: CancellationToken,
    tracker: TaskTracker,
}

impl Node {
    /// Starts the node's SFU on `socket` (advertising `sfu`'s candidate) and returns the node.
    pub fn start(
        verifier: TicketVerifier,
        limits: rate_limit::MessageLimits,
        socket: UdpSocket,
        sfu: Sfu,
        shutdown: CancellationToken,
        tracker: TaskTracker,
    ) -> Arc<Node> {
        let (media_tx, media_rx) = mpsc::channel(4096);
        let registry = RoomRegistry::new(media_tx, tracker.clone());
        tracker.spawn(media_driver::run(
            socket,
            sfu,
            media_rx,
            registry.clone(),
            shutdown.clone(),
        ));
        Arc::new(Node {
            verifier,
            limits,
            registry,
            next_conn: AtomicU64::new(1),
            shutdown,
            tracker,
        })
    }

    /// The node's rooms.
    pub fn registry(&self) -> &Arc<RoomRegistry> {
        &self.registry
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

async fn websocket(
    State(node): State<Arc<Node>>,
    Path(room): Path<String>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let Some(room) = RoomId::parse(&room) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let tracker = node.tracker.clone();
    upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| tracker.track_future(connection::run(socket, room, node)))
}

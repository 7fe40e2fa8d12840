//! The controller role: REST API under `/api/v1`, room records and join tickets.
//!
//! It decides who may enter which room and hands out signed tickets; it never sees media or
//! signaling. In `plenum serve` it runs beside the node in the same process.

mod rooms;

use crate::ticket::TicketSigner;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use plenum_store::Store;
use std::sync::Arc;

/// Largest accepted REST request body.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The controller's state.
pub struct Controller {
    pub(crate) store: Store,
    pub(crate) signer: TicketSigner,
    pub(crate) allow_anonymous_rooms: bool,
}

impl Controller {
    /// A controller over `store`, signing with `signer`.
    pub fn new(store: Store, signer: TicketSigner, allow_anonymous_rooms: bool) -> Self {
        Controller {
            store,
            signer,
            allow_anonymous_rooms,
        }
    }

    /// The `/api/v1` routes.
    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/api/v1/rooms", post(rooms::create))
            .route("/api/v1/rooms/{id}", get(rooms::get))
            .route("/api/v1/rooms/{id}/tickets", post(rooms::ticket))
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .with_state(self)
    }
}

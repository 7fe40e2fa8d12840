//! The `plenum` binary's library: the controller and node roles, their HTTP/WebSocket/UDP IO,
//! configuration and the wiring that runs them in one process (`plenum serve`).
//!
//! This is the only crate that does IO. Room logic lives in `plenum-core`, the SFU in
//! `plenum-media`, persistence in `plenum-store`; here they are driven by tokio tasks:
//! one task per room, one for the SFU's UDP socket, one per WebSocket connection.

pub mod app;
pub mod audit;
pub mod batch_socket;
pub mod client_addr;
pub mod config;
pub mod controller;
pub mod cpu_meter;
pub mod error;
pub mod http_server;
pub mod limits;
pub mod log_filter;
pub mod mailer;
pub mod metrics;
pub mod node;
pub mod probe;
pub mod protocol_pdf;
pub mod protocol_signer;
pub mod secret;
pub mod secret_box;
pub mod signing_key;
pub mod ticket;
pub mod vote_verify;
pub mod web_assets;

/// Milliseconds since the Unix epoch, from the wall clock.
pub fn unix_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

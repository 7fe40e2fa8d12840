//! The room: one conference's signaling state as a sans-IO state machine.
//!
//! A [`Room`] is fed with [`Input`]s and the current time (`handle_input(now, …)`,
//! `handle_timeout(now)`) and drained with [`Room::poll_output`] and [`Room::poll_timeout`]. It
//! never reads the clock, never awaits, never touches a socket, a database or the SFU: it
//! decides, and its [`Output`]s tell the node's runtime what to send, whom to disconnect and
//! what to ask of the media engine. Every permission check of the signaling happens here.
//!
//! Ticket verification, JSON decoding and rate limiting happen before a message reaches the room
//! (in the server crate); the room only sees well-formed commands of admitted connections.

mod control;
mod input;
mod media;
mod member;
mod output;
mod room;

pub use input::{ConnId, Input, JoinRequest, MediaNotice};
pub use output::{MediaRequest, Output};
pub use room::{GRACE_PERIOD, Room};

//! The SFU: a sans-IO selective forwarding unit built on [`str0m`].
//!
//! One [`Sfu`] serves every media session of a node over a single UDP port. It is fed with
//! received datagrams (`handle_receive`), commands from the rooms (`handle_command`) and the
//! time (`handle_timeout`), and drained with `poll_output` (datagrams to send, events for the
//! rooms) and `poll_timeout`. It never reads the clock, never touches a socket and never spawns
//! anything; the node's runtime owns the socket and the loop.
//!
//! What it does: accepts each participant's send-only offer, forwards every publisher's audio to
//! everyone else in the same room and forwarding group (a breakout room; moving between groups
//! needs no renegotiation) and video only to those who subscribed to it (as RTP packets,
//! renumbered per outgoing stream so that a publisher's restart stays seamless), renegotiates
//! (one offer at a time) as publishers come and go, asks publishers for keyframes (throttled)
//! when a subscriber starts or loses packets, and turns RFC 6464 audio levels into speaking
//! events. What it does not do: decide who may publish or subscribe (the room does), or know
//! anything about signaling beyond SDP strings.

mod command;
mod keyframe;
mod member;
mod session;
mod sfu;
mod speaking;
mod timers;

pub use command::{Kind, PeerKey, RoomKey, SfuCommand, SfuEvent, SfuOutput, TrackInfo};
pub use sfu::{Sfu, SfuError};
pub use speaking::{Change as SpeakingChange, SpeakingDetector};

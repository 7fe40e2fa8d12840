//! The SFU: a sans-IO selective forwarding unit built on [`str0m`].
//!
//! One [`Sfu`] serves every media session of a node over a single UDP port. It is fed with
//! received datagrams (`handle_receive`), commands from the rooms (`handle_command`) and the
//! time (`handle_timeout`), and drained with `poll_output` (datagrams to send, events for the
//! rooms) and `poll_timeout`. It never reads the clock, never touches a socket and never spawns
//! anything; the node's runtime owns the socket and the loop.
//!
//! What it does: accepts each participant's send-only offer and gives the session a fixed set of
//! **receive slots**, offered once: [`AUDIO_SLOTS`] audio slots, one screen slot and as many
//! camera video slots as the client shows tiles at most. The SFU maps sources onto slots: the
//! audio slots carry the loudest current speakers of the forwarding group (a breakout room;
//! moving between groups needs no renegotiation), the video slots the publishers the client
//! subscribed to, the screen slot the group's shared screen. Each slot is one continuous RTP
//! stream (sequence numbers and times rewritten when its source changes; video switches on a key
//! frame), so joining and leaving renegotiate nobody and the SDP does not grow with the room.
//! It asks publishers for keyframes (throttled) when a subscriber starts or loses packets, and
//! turns RFC 6464 audio levels of every publisher (not only the heard ones) into speaking
//! events. What it does not do: decide who may publish or subscribe (the room does), or know
//! anything about signaling beyond SDP strings.

mod allocation;
mod command;
mod keyframe;
mod layers;
mod member;
mod numbering;
mod picture;
mod queue_watch;
mod session;
mod sfu;
mod slot;
mod speakers;
mod speaking;
mod timers;

pub use command::{Kind, PeerKey, RoomKey, SfuCommand, SfuEvent, SfuOutput, TrackInfo};
pub use sfu::{MAX_VIDEO_SLOTS, Sfu, SfuError};
pub use speakers::AUDIO_SLOTS;
pub use speaking::{Change as SpeakingChange, SpeakingDetector};

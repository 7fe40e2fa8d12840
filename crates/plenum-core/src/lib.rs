//! The room: one conference's signaling state as a sans-IO state machine.
//!
//! A [`Room`] is fed with [`Input`]s and the current time ([`Now`]: monotonic and wall clock)
//! through `handle_input(now, …)` and `handle_timeout(now)`, and drained with
//! [`Room::poll_output`] and [`Room::poll_timeout`]. It never reads the clock, never awaits,
//! never touches a socket, a database or the SFU: it decides, and its [`Output`]s tell the
//! node's runtime what to send, whom to disconnect, what to ask of the media engine and what to
//! store beyond the room's life. Every permission check of the signaling happens here, against
//! one table (`permission.rs`).
//!
//! Each signaling namespace is one module (`control`, `media`, `moderation`, `floor`, `chat`,
//! `timer`, `polls`, `breakout`, `votes`) with its own state and hooks; the module table and
//! the room's routing are generated from the protocol's namespace list. The hash chain of a
//! vote's protocol, and how anyone checks one, is public in [`vote_chain`]. Ticket verification, JSON decoding and rate limiting happen
//! before a message reaches the room (in the server crate); the room only sees well-formed
//! commands of admitted connections.

mod breakout;
mod change;
mod chat;
mod control;
mod definition;
mod floor;
mod input;
mod media;
mod member;
mod moderation;
mod module;
mod now;
mod output;
mod permission;
mod polls;
mod report;
mod room;
mod roster;
mod timer;
mod timer_table;
pub mod vote_chain;
mod votes;

pub use breakout::{
    BREAKOUT_ROOMS, BREAKOUT_SECONDS, InvalidSetup, MAX_BROADCAST_CHARS, MAX_ROOM_NAME_CHARS,
    MAX_ROOM_SIZE, MAX_SETUP_MINUTES, SHORTEST_REMAINING, WARNING_BEFORE_END, checked_setup,
};
pub use chat::{BURST, MAX_MESSAGE_CHARS, MAX_RECIPIENTS, REFILL};
pub use definition::InvalidDefinition;
pub use floor::{MIN_UTTERANCE, TURN_LIMITS};
pub use input::{ClaimOutcome, ConnId, InitialMedia, Input, JoinRequest, MediaNotice};
pub use moderation::{MAX_GROUP_CHARS, MAX_GROUPS};
pub use now::Now;
pub use output::{MediaRequest, Output};
pub use permission::{Permission, allows, granted};
pub use polls::{
    ANSWERS, MAX_ANSWER_CHARS, MAX_POLLS, MAX_PREPARED_ID_CHARS, MAX_RUNNING, MAX_TOPIC_CHARS,
    POLL_SECONDS, PROGRESS_INTERVAL, checked_definition,
};
pub use room::{GRACE_PERIOD, REPORT_INTERVAL, Room};
pub use timer::{BREAK_MINUTES, COUNTDOWN_SECONDS, MAX_TITLE_CHARS};
pub use votes::checked_definition as checked_vote_definition;

//! Plenum's wire types, and nothing else.
//!
//! Every message that crosses a process boundary is defined here: the signaling envelope that
//! flows over the node's WebSocket (one module per namespace), the REST bodies of the controller,
//! and the error codes of both. The TypeScript client's types are generated from this crate
//! (`cargo xtask codegen`), so this is the single source of truth for the protocol.
//!
//! This crate holds no logic beyond (de)serialisation and decoding of untrusted envelopes: no
//! IO, no validation of business rules, no state.

pub mod api;
pub mod breakout;
pub mod chat;
pub mod close_code;
pub mod control;
pub mod envelope;
pub mod error_code;
pub mod floor;
pub mod ids;
pub mod media;
pub mod moderation;
mod namespace;
pub mod polls;
pub mod timer;
pub mod typescript;
pub mod votes;

pub use close_code::CloseCode;
pub use envelope::{
    ClientCommand, ClientEnvelope, EnvelopeError, NAMESPACES, ServerEnvelope, ServerEvent,
};
pub use error_code::ErrorCode;
pub use ids::{ParticipantId, RoomId};

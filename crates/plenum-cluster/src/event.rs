//! Events that cross from one service to another.

use serde::{Deserialize, Serialize};

/// An event published to every controller and node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClusterEvent {
    /// End the conference in this room wherever it runs (its meeting was deleted, an
    /// administrator ended it).
    EndRoom {
        /// The room's id.
        room: String,
    },
    /// Refuse the unused tickets of this subject issued up to `issued_before` (seconds since
    /// the Unix epoch): the account was disabled or deleted.
    RevokeTickets {
        /// The ticket subject (`user:<id>`).
        subject: String,
        /// Tickets issued at or before this second are refused.
        issued_before: u64,
    },
}

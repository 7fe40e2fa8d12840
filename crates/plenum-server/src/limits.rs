//! The server's resource limits (config section `[limits]`): what one client, one address, one
//! room or one account may use, so that nobody can exhaust the server. Defaults suit a school
//! or a council on one small server; see `docs/security.md`.

use crate::node::rate_limit::MessageLimits;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Every limit, with its default.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Signaling messages per second and connection, sustained.
    pub messages_per_second: f64,
    /// Signaling burst per connection.
    pub message_burst: f64,
    /// A connection over its message limit this long is closed (ms).
    pub flood_disconnect_ms: u64,
    /// People in one room (inside and waiting).
    pub participants_per_room: usize,
    /// WebSocket connections that have not joined yet, per client address.
    pub pending_connections_per_address: usize,
    /// WebSocket connections that have not joined yet, in total.
    pub pending_connections: usize,
    /// Seconds a new WebSocket connection has to send `join` or `resume`.
    pub join_timeout_seconds: u64,
    /// Ad-hoc rooms created per client address and hour.
    pub rooms_per_address_per_hour: u32,
    /// Join tickets per client address and minute.
    pub tickets_per_address_per_minute: u32,
    /// Join tickets per room and minute.
    pub tickets_per_room_per_minute: u32,
    /// Invitation mails per account and day.
    pub invitations_per_day: u32,
    /// Seconds a client has to send a request's headers.
    pub header_timeout_seconds: u64,
    /// Ad-hoc rooms nobody entered for this many days are deleted.
    pub unused_room_days: u32,
    /// Conferences running at once in the installation (0: no limit); a ticket for a room
    /// that does not run yet is refused beyond it.
    pub rooms_at_once: u32,
    /// People connected at once in the installation (0: no limit).
    pub people_at_once: u32,
    /// Conferences running at once in one owner's rooms (0: no limit).
    pub rooms_at_once_per_owner: u32,
    /// People connected at once in one owner's rooms (0: no limit).
    pub people_at_once_per_owner: u32,
}

impl Default for Limits {
    fn default() -> Self {
        let messages = MessageLimits::default();
        Limits {
            messages_per_second: messages.messages_per_second,
            message_burst: messages.message_burst,
            flood_disconnect_ms: messages.flood_disconnect_ms,
            participants_per_room: 500,
            pending_connections_per_address: 20,
            pending_connections: 2000,
            join_timeout_seconds: 5,
            rooms_per_address_per_hour: 60,
            tickets_per_address_per_minute: 60,
            tickets_per_room_per_minute: 1200,
            invitations_per_day: 500,
            header_timeout_seconds: 10,
            unused_room_days: 30,
            rooms_at_once: 0,
            people_at_once: 0,
            rooms_at_once_per_owner: 0,
            people_at_once_per_owner: 0,
        }
    }
}

impl Limits {
    /// The per-connection message limits.
    pub fn messages(&self) -> MessageLimits {
        MessageLimits {
            messages_per_second: self.messages_per_second,
            message_burst: self.message_burst,
            flood_disconnect_ms: self.flood_disconnect_ms,
        }
    }

    /// The time to join.
    pub fn join_timeout(&self) -> Duration {
        Duration::from_secs(self.join_timeout_seconds)
    }

    /// The time to send headers.
    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_seconds)
    }
}

//! WebSocket close codes the node uses, in the application range 4000–4999.
//!
//! The client decides from the code whether to reconnect: codes marked *final* mean that
//! reconnecting with the same credentials cannot succeed.

/// Why the node closed a WebSocket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum CloseCode {
    /// No `join` or `resume` arrived in time.
    JoinTimeout = 4000,
    /// The ticket is malformed or its signature is wrong (final).
    TicketInvalid = 4001,
    /// The ticket has expired (final; ask the controller for a new one).
    TicketExpired = 4002,
    /// The ticket names another room (final).
    TicketWrongRoom = 4003,
    /// The ticket was already used (final).
    TicketReused = 4004,
    /// The resume token is unknown or the place was given up (final; join again).
    ResumeRejected = 4005,
    /// The same participant connected again elsewhere; this connection is replaced (final).
    Replaced = 4006,
    /// The participant left (final).
    Left = 4007,
    /// The client kept sending too much; see `docs/protocol/README.md` (final).
    PolicyViolation = 4008,
    /// The node is shutting down; reconnect after a moment.
    ShuttingDown = 4009,
    /// A moderator removed the participant; joining again with a new ticket is possible
    /// (final for this connection).
    Removed = 4010,
    /// A moderator removed the participant and barred them for the rest of the meeting
    /// (final).
    Banned = 4011,
    /// A moderator did not let the participant in from the waiting room (final).
    NotAdmitted = 4012,
    /// The meeting was ended (final).
    MeetingEnded = 4013,
    /// The meeting is locked: only owners and moderators may enter (final).
    RoomLocked = 4014,
    /// The room holds as many people as it may (final; try again later).
    RoomFull = 4015,
}

impl CloseCode {
    /// All codes, for documentation and code generation.
    pub const ALL: [CloseCode; 16] = [
        CloseCode::JoinTimeout,
        CloseCode::TicketInvalid,
        CloseCode::TicketExpired,
        CloseCode::TicketWrongRoom,
        CloseCode::TicketReused,
        CloseCode::ResumeRejected,
        CloseCode::Replaced,
        CloseCode::Left,
        CloseCode::PolicyViolation,
        CloseCode::ShuttingDown,
        CloseCode::Removed,
        CloseCode::Banned,
        CloseCode::NotAdmitted,
        CloseCode::MeetingEnded,
        CloseCode::RoomLocked,
        CloseCode::RoomFull,
    ];

    /// The numeric code sent in the close frame.
    pub fn code(self) -> u16 {
        self as u16
    }

    /// A short reason sent in the close frame (at most 123 bytes by RFC 6455).
    pub fn reason(self) -> &'static str {
        match self {
            CloseCode::JoinTimeout => "join_timeout",
            CloseCode::TicketInvalid => "ticket_invalid",
            CloseCode::TicketExpired => "ticket_expired",
            CloseCode::TicketWrongRoom => "ticket_wrong_room",
            CloseCode::TicketReused => "ticket_reused",
            CloseCode::ResumeRejected => "resume_rejected",
            CloseCode::Replaced => "replaced",
            CloseCode::Left => "left",
            CloseCode::PolicyViolation => "policy_violation",
            CloseCode::ShuttingDown => "shutting_down",
            CloseCode::Removed => "removed",
            CloseCode::Banned => "banned",
            CloseCode::NotAdmitted => "not_admitted",
            CloseCode::MeetingEnded => "meeting_ended",
            CloseCode::RoomLocked => "room_locked",
            CloseCode::RoomFull => "room_full",
        }
    }

    /// The TypeScript-style constant name.
    pub fn name(self) -> String {
        self.reason()
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_application_range() {
        let mut seen = std::collections::HashSet::new();
        for c in CloseCode::ALL {
            assert!((4000..5000).contains(&c.code()));
            assert!(seen.insert(c.code()));
            assert!(c.reason().len() <= 123);
        }
        assert_eq!(CloseCode::TicketWrongRoom.name(), "TicketWrongRoom");
    }
}

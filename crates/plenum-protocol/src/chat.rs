//! The `chat` namespace: the room's chat with its history for late joiners, private messages
//! to one or several people, messages to a group (for example "Group A" of a class), and the
//! moderators' switch and "clear". Messages are plain text: clients must render them as text
//! (links may be made clickable), never as markup. Who may do what: `docs/protocol/chat.md`.

use crate::ids::ParticipantId;
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// Whom a message is for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChatAudience {
    /// Everyone in the meeting (the room's chat, kept for late joiners).
    Everyone,
    /// These people (and the sender): a private or group conversation.
    People {
        /// The recipients, sorted, without the sender.
        participants: Vec<ParticipantId>,
    },
    /// Everyone in the meeting who belongs to this group (and the sender).
    Group {
        /// The group's name.
        group: String,
    },
}

/// What a client asks in the `chat` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChatCommand {
    /// Send a message (1–2,000 characters; at most 5 messages per 10 seconds).
    Send {
        /// Whom to.
        to: ChatAudience,
        /// The text.
        text: String,
    },
    /// Switch the chat on or off (moderators); while off only moderators can write.
    SetEnabled {
        /// On.
        enabled: bool,
    },
    /// Remove every message to everyone from the chat (moderators); private messages stay.
    Clear,
}

/// One message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ChatMessage {
    /// Increases with every message in this meeting.
    #[ts(type = "number")]
    pub id: u64,
    /// The sender.
    pub from: ParticipantId,
    /// The sender's name when they sent it.
    pub from_name: String,
    /// Whom it was for.
    pub to: ChatAudience,
    /// The text (plain text).
    pub text: String,
    /// When it was sent (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub sent_at: u64,
    /// For a message to everyone written in a breakout room: the room's number (it went to the
    /// people in that room). Absent: the main room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub breakout_room: Option<u32>,
}

/// What the room tells clients in the `chat` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChatEvent {
    /// After entering: whether the chat is on, and the messages this person may read (the
    /// latest 200 to everyone, and their own private and group conversations), oldest first.
    State {
        /// Everyone can write.
        enabled: bool,
        /// The history.
        messages: Vec<ChatMessage>,
    },
    /// A new message (to its audience and its sender).
    Message {
        /// The message.
        message: ChatMessage,
    },
    /// The chat was switched on or off (to everyone).
    EnabledChanged {
        /// On.
        enabled: bool,
        /// The moderator.
        by: ParticipantId,
    },
    /// The messages to everyone were removed (to everyone).
    Cleared {
        /// The moderator.
        by: ParticipantId,
    },
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<ChatCommand>();
    d.add::<ChatEvent>();
    d.add::<ChatAudience>();
    d.add::<ChatMessage>();
}

//! The `breakout` namespace: moderators split the meeting into breakout rooms for a while and
//! bring everyone back. Breakout rooms are parts of the same meeting: people keep their
//! connection and their media session, and the node forwards audio and video only within each
//! room. Who may do what and the limits: `docs/protocol/breakout.md`.

use crate::ids::ParticipantId;
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// How a moderator's client assigns people when it opens rooms from a set-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakoutAssignment {
    /// At random, in rooms of balanced size.
    Random,
    /// By hand (starting from a random proposal).
    Manual,
    /// One room per group.
    Groups,
}

/// How the number of rooms is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakoutSplit {
    /// A number of rooms (`rooms`).
    Rooms,
    /// A number of people per room (`size`).
    Size,
}

/// Breakout settings without people (who is in a meeting changes): what a set-up keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakoutSettings {
    /// How people are assigned.
    pub assignment: BreakoutAssignment,
    /// By number of rooms or by people per room.
    pub split_by: BreakoutSplit,
    /// Number of rooms (1–50), used with `split_by: rooms`.
    pub rooms: u32,
    /// People per room (1–999), used with `split_by: size`.
    pub size: u32,
    /// Room names in order (up to 50, each at most 60 characters; empty: "Group n").
    #[serde(default)]
    pub names: Vec<String>,
    /// Moderators are assigned too.
    pub include_moderators: bool,
    /// Late joiners are assigned.
    pub assign_late_joiners: bool,
    /// Duration in minutes (1–1440); absent: unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub minutes: Option<u32>,
}

/// A named breakout set-up, prepared with a meeting (`/api/v1/meetings/{id}/breakout-setups`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakoutSetup {
    /// What moderators see (1–60 characters), for example "Group work in fours".
    pub name: String,
    /// The settings.
    pub settings: BreakoutSettings,
}

/// One room of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BreakoutRoomPlan {
    /// Its name (1–60 characters), for example "Group 1".
    pub name: String,
    /// Who goes there when the rooms open.
    #[serde(default)]
    pub members: Vec<ParticipantId>,
    /// People of this group (see `moderation/set_groups`) who come later go here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub group: Option<String>,
}

/// How to open breakout rooms: the rooms with the people the moderator's client assigned
/// (randomly, by hand or by groups), and the rules for everything that follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BreakoutPlan {
    /// The rooms (1–50), in order; they are numbered from 1.
    pub rooms: Vec<BreakoutRoomPlan>,
    /// The rooms close by themselves after this many seconds (30 s to 24 h) and everyone
    /// returns; absent: until a moderator ends them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub seconds: Option<u32>,
    /// People who enter while the rooms are open go to a room (their group's, else the
    /// emptiest); otherwise they stay in the main room.
    #[serde(default)]
    pub assign_late_joiners: bool,
    /// Moderators who enter later are assigned too (otherwise they stay in the main room and
    /// visit rooms as they like).
    #[serde(default)]
    pub include_moderators: bool,
}

/// What a client asks in the `breakout` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum BreakoutCommand {
    /// Open breakout rooms (moderators).
    Start {
        /// The rooms and rules.
        plan: BreakoutPlan,
    },
    /// Move the end by `seconds` (moderators): positive to extend, negative to shorten (the
    /// rooms then close no earlier than 10 s from now). Without a duration, `seconds` > 0 sets
    /// one from now.
    Extend {
        /// Seconds to add or (negative) take away.
        seconds: i32,
    },
    /// Send a message to every breakout room (moderators).
    Broadcast {
        /// The message (1–500 characters).
        text: String,
    },
    /// Move someone into a room, or back to the main room with `room` absent (moderators; a
    /// moderator moves themselves to visit a room).
    Move {
        /// Who.
        participant: ParticipantId,
        /// The room's number; absent: the main room.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        room: Option<u32>,
    },
    /// Close the breakout rooms now; everyone returns to the main room (moderators).
    End,
}

/// An open breakout room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BreakoutRoom {
    /// Its number (1, 2, …).
    pub id: u32,
    /// Its name.
    pub name: String,
}

/// Where someone is while breakout rooms are open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BreakoutPlace {
    /// Who.
    pub participant: ParticipantId,
    /// The room's number.
    pub room: u32,
}

/// The open breakout rooms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BreakoutSession {
    /// The rooms.
    pub rooms: Vec<BreakoutRoom>,
    /// Who is in which room (people inside the meeting who are not listed are in the main
    /// room).
    pub places: Vec<BreakoutPlace>,
    /// When they opened (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub started_at: u64,
    /// When they close by themselves, if they have a duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub ends_at: Option<u64>,
    /// Late joiners are assigned.
    pub assign_late_joiners: bool,
    /// Late moderators are assigned too.
    pub include_moderators: bool,
    /// The moderator who opened them.
    pub by: ParticipantId,
}

/// What the room tells clients in the `breakout` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum BreakoutEvent {
    /// After entering: the open breakout rooms, if any.
    State {
        /// The session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        session: Option<BreakoutSession>,
    },
    /// Breakout rooms opened (to everyone).
    Started {
        /// The session.
        session: BreakoutSession,
    },
    /// Someone moved to a room or back to the main room (`room` absent) (to everyone).
    Moved {
        /// Who.
        participant: ParticipantId,
        /// Where to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        room: Option<u32>,
    },
    /// The end moved (to everyone).
    EndChanged {
        /// The new end.
        #[ts(type = "number")]
        ends_at: u64,
    },
    /// The rooms close soon (to everyone, once, a minute before the end or halfway through
    /// shorter ones).
    Warning {
        /// The end.
        #[ts(type = "number")]
        ends_at: u64,
    },
    /// A moderator's message to every room (to everyone).
    Broadcast {
        /// The moderator.
        from: ParticipantId,
        /// Their name.
        from_name: String,
        /// The message.
        text: String,
    },
    /// The rooms closed; everyone is back in the main room (to everyone).
    Ended {
        /// The moderator who ended them; absent when their time ran out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        by: Option<ParticipantId>,
    },
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<BreakoutAssignment>();
    d.add::<BreakoutSplit>();
    d.add::<BreakoutSettings>();
    d.add::<BreakoutSetup>();
    d.add::<BreakoutCommand>();
    d.add::<BreakoutEvent>();
    d.add::<BreakoutPlan>();
    d.add::<BreakoutRoomPlan>();
    d.add::<BreakoutRoom>();
    d.add::<BreakoutPlace>();
    d.add::<BreakoutSession>();
}

//! The `timer` namespace: a countdown or stopwatch everyone sees, with a title and an optional
//! "ready" check where people mark themselves ready, and the coffee break: a break view with a
//! countdown for everyone that ends by itself. Moderators start and stop them. Who may do what:
//! `docs/protocol/timer.md`.

use crate::ids::ParticipantId;
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a client asks in the `timer` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum TimerCommand {
    /// Start a timer for everyone (moderators), replacing a running one: a countdown of
    /// `seconds` (5 s to 24 h) or, without `seconds`, a stopwatch.
    Start {
        /// What it is for (up to 100 characters; may be empty).
        #[serde(default)]
        title: String,
        /// Length of a countdown; absent for a stopwatch.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        seconds: Option<u32>,
        /// Ask everyone to mark themselves ready.
        #[serde(default)]
        ready_check: bool,
    },
    /// Stop and remove the timer (moderators).
    Stop,
    /// Mark oneself ready, or not (everyone inside, while the timer has a ready check).
    SetReady {
        /// Ready.
        ready: bool,
    },
    /// Start a coffee break of `minutes` (1–120) for everyone (moderators).
    StartBreak {
        /// Length.
        minutes: u32,
    },
    /// End the coffee break early (moderators).
    EndBreak,
}

/// The timer everyone sees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RunningTimer {
    /// What it is for.
    pub title: String,
    /// When it started (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub started_at: u64,
    /// When a countdown reaches zero; absent for a stopwatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub ends_at: Option<u64>,
    /// Whether people are asked to mark themselves ready.
    pub ready_check: bool,
    /// Who marked themselves ready (people inside), in order of marking.
    pub ready: Vec<ParticipantId>,
    /// The moderator who started it.
    pub by: ParticipantId,
}

/// A coffee break.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CoffeeBreak {
    /// When it started (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub started_at: u64,
    /// When it ends by itself.
    #[ts(type = "number")]
    pub ends_at: u64,
    /// The moderator who started it.
    pub by: ParticipantId,
}

/// What the room tells clients in the `timer` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum TimerEvent {
    /// After entering: the timer and the break, if any.
    State {
        /// The timer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        timer: Option<RunningTimer>,
        /// The break.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        coffee_break: Option<CoffeeBreak>,
    },
    /// A timer started (to everyone).
    Started {
        /// The timer.
        timer: RunningTimer,
    },
    /// A countdown reached zero (to everyone); it stays shown until a moderator stops it.
    Expired,
    /// The timer was stopped (to everyone).
    Stopped {
        /// The moderator.
        by: ParticipantId,
    },
    /// Who is ready changed (to everyone).
    ReadyChanged {
        /// Who is ready now.
        ready: Vec<ParticipantId>,
    },
    /// A coffee break started (to everyone): clients show the break view and switch camera and
    /// microphone off.
    BreakStarted {
        /// The break.
        coffee_break: CoffeeBreak,
    },
    /// The coffee break is over (to everyone): by its time (`by` absent) or by a moderator.
    BreakEnded {
        /// The moderator who ended it early.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        by: Option<ParticipantId>,
    },
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<TimerCommand>();
    d.add::<TimerEvent>();
    d.add::<RunningTimer>();
    d.add::<CoffeeBreak>();
}

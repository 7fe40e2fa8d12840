//! The `polls` namespace: a moderator asks a question with a few answers, people answer, and
//! the results are shown live or when the poll closes (by a moderator or at the end of its
//! duration). Polls can be prepared with a meeting (REST, [`PollDefinition`]) and started in
//! it with one click. Who may do what and the limits: `docs/protocol/polls.md`.
//!
//! Not here: legally binding votes with a signed protocol (a namespace of their own).

use crate::ids::ParticipantId;
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// What is asked and how: the part of a poll that can be prepared before the meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PollDefinition {
    /// The question (1–300 characters).
    pub topic: String,
    /// The answers people choose from (2–12, each 1–100 characters, no two alike), in order.
    pub answers: Vec<String>,
    /// People may choose several answers (otherwise exactly one).
    #[serde(default)]
    pub multiple: bool,
    /// Nobody, not even the moderators, learns who chose what; otherwise moderators see the
    /// names next to the answers.
    #[serde(default)]
    pub anonymous: bool,
    /// Everyone sees the results while the poll runs; otherwise only moderators do, and
    /// everyone sees them when it closes.
    #[serde(default)]
    pub live_results: bool,
    /// People may change their answer until the poll closes.
    #[serde(default)]
    pub changeable: bool,
    /// Guests (people without an account) may not answer.
    #[serde(default)]
    pub guests_excluded: bool,
    /// The poll closes by itself after this many seconds (10 s to 24 h); absent: a moderator
    /// closes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub seconds: Option<u32>,
}

/// What a client asks in the `polls` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum PollsCommand {
    /// Start a poll (moderators).
    Start {
        /// The poll.
        definition: PollDefinition,
        /// The id of the meeting's prepared poll this starts, if any (shown back in
        /// [`Poll::prepared_id`], so that clients can mark it as started).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        prepared_id: Option<String>,
    },
    /// Answer a running poll (everyone inside who may: not recorders, not guests where the
    /// poll excludes them). `choices` are indices into the answers: exactly one unless the poll
    /// allows several, then at least one.
    Vote {
        /// The poll.
        poll_id: u32,
        /// The chosen answers.
        choices: Vec<u32>,
    },
    /// Close a running poll now (moderators).
    Close {
        /// The poll.
        poll_id: u32,
    },
}

/// The results of a poll, as far as the viewer may see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PollResults {
    /// How many chose each answer, in the order of the answers.
    pub counts: Vec<u32>,
    /// Who chose what, for moderators of a poll that is not anonymous (and in the stored
    /// report); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub voters: Option<Vec<PollVoter>>,
}

/// One person's answer in a poll that is not anonymous.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PollVoter {
    /// Who.
    pub participant_id: ParticipantId,
    /// Their name when they answered.
    pub display_name: String,
    /// What they chose.
    pub choices: Vec<u32>,
}

/// A poll of this meeting, running or closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Poll {
    /// Its number in this meeting (1, 2, …).
    pub id: u32,
    /// What is asked and how.
    pub definition: PollDefinition,
    /// The prepared poll it was started from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub prepared_id: Option<String>,
    /// The moderator who started it.
    pub by: ParticipantId,
    /// When it started (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub started_at: u64,
    /// When it closes by itself, if it has a duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub ends_at: Option<u64>,
    /// When it closed; absent while it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub closed_at: Option<u64>,
    /// How many people have answered.
    pub voted: u32,
    /// How many people inside may answer (at the close, for a closed poll).
    pub eligible: u32,
    /// The results, when the viewer may see them (moderators always, everyone when the
    /// results are live or the poll is closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub results: Option<PollResults>,
}

/// The viewer's own answer in one poll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PollBallot {
    /// The poll.
    pub poll_id: u32,
    /// What the viewer chose.
    pub choices: Vec<u32>,
}

/// What the room tells clients in the `polls` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum PollsEvent {
    /// After entering (or becoming a moderator): the meeting's polls, oldest first, and the
    /// viewer's own answers.
    State {
        /// The polls.
        polls: Vec<Poll>,
        /// The viewer's answers.
        mine: Vec<PollBallot>,
    },
    /// A poll started (to everyone).
    Started {
        /// The poll.
        poll: Box<Poll>,
    },
    /// The viewer's answer was taken (to the voter, answering `vote`).
    Voted {
        /// The answer.
        ballot: PollBallot,
    },
    /// A running poll's count changed (to everyone, at most once a second per poll; with
    /// results for those who may see them).
    Progress {
        /// The poll.
        poll_id: u32,
        /// How many have answered.
        voted: u32,
        /// How many may answer.
        eligible: u32,
        /// The results, when the receiver may see them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        results: Option<PollResults>,
    },
    /// A poll closed (to everyone, with its results).
    Closed {
        /// The poll as it closed.
        poll: Box<Poll>,
        /// The moderator who closed it; absent when its time ran out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        by: Option<ParticipantId>,
    },
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<PollsCommand>();
    d.add::<PollsEvent>();
    d.add::<PollDefinition>();
    d.add::<Poll>();
    d.add::<PollResults>();
    d.add::<PollVoter>();
    d.add::<PollBallot>();
}

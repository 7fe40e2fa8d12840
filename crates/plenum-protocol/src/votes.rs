//! The `votes` namespace: binding votes with a verifiable protocol. A moderator starts a vote
//! (ad hoc or prepared with the meeting, [`VoteDefinition`]), the eligible voters cast one
//! ballot each, and the vote closes by a moderator, by its duration, or is cancelled with a
//! reason. Everything that happens is appended to a hash chain ([`VoteProtocol`]) that the node
//! signs and stores when the vote ends. Rules, limits and the protocol format:
//! `docs/protocol/votes.md`.
//!
//! Not here: informal polls (the `polls` namespace), how the chain is hashed and checked
//! (`plenum-core`), how it is signed (the server).

use crate::control::Role;
use crate::ids::{ParticipantId, RoomId};
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// Named (roll-call) or secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VoteKind {
    /// Each ballot is recorded and shown with the voter's name.
    Named,
    /// The protocol records who voted and, apart from that, the ballots with random receipts
    /// that only the voters know; nothing links the two.
    Secret,
}

/// Who may vote. Guests and recorders never may; everyone else may who matches one of the
/// rules (also when they join after the start).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Everyone with an account in the meeting.
    #[serde(default)]
    pub everyone: bool,
    /// People holding one of these roles.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// People in one of these groups.
    #[serde(default)]
    pub groups: Vec<String>,
    /// These people.
    #[serde(default)]
    pub participants: Vec<ParticipantId>,
}

/// What is decided and how: the part of a vote that can be prepared before the meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteDefinition {
    /// The motion (1–300 characters).
    pub topic: String,
    /// The options, one of which each voter chooses (2–12, each 1–100 characters, no two
    /// alike), in order; usually Yes, No, Abstain.
    pub options: Vec<String>,
    /// Named or secret.
    pub kind: VoteKind,
    /// Everyone sees the tally while the vote runs; otherwise it is shown when the vote
    /// closes.
    #[serde(default)]
    pub live_results: bool,
    /// Who may vote.
    pub voters: Eligibility,
    /// The vote closes by itself after this many seconds (10 s to 24 h); absent: a moderator
    /// closes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub seconds: Option<u32>,
}

/// A person as a vote names them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema)]
pub struct Voter {
    /// Their participant id in the conference.
    pub participant_id: ParticipantId,
    /// Their name at the time.
    pub display_name: String,
}

/// Running, closed with a result, or cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VoteState {
    /// Ballots are taken.
    Running,
    /// Closed; the result stands.
    Closed,
    /// Cancelled; there is no result.
    Cancelled,
}

/// One ballot of a named vote, as shown to everyone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct NamedBallot {
    /// Who.
    pub voter: Voter,
    /// The chosen option's index.
    pub choice: u32,
}

/// A vote of this conference, as clients see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Vote {
    /// Its number in this conference (1, 2, …).
    pub id: u32,
    /// What is decided and how.
    pub definition: VoteDefinition,
    /// The prepared vote it was started from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub prepared_id: Option<String>,
    /// The moderator who started it.
    pub by: ParticipantId,
    /// Running, closed or cancelled.
    pub state: VoteState,
    /// When it started (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub started_at: u64,
    /// When it closes by itself, if it has a duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub ends_at: Option<u64>,
    /// When it closed or was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub closed_at: Option<u64>,
    /// Why it was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cancel_reason: Option<String>,
    /// The eligible voters known so far (in the meeting at the start, or joined since).
    pub voters: Vec<Voter>,
    /// Who of them has voted (never what, in a secret vote).
    pub voted: Vec<ParticipantId>,
    /// How many chose each option: while it runs when results are live, after it closed
    /// always; absent otherwise (and for a cancelled vote).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tally: Option<Vec<u32>>,
    /// Who chose what, in a named vote, whenever the tally is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ballots: Option<Vec<NamedBallot>>,
    /// The stored protocol's id (for `/api/v1/votes/{id}`), once it is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub protocol_id: Option<String>,
}

/// What went wrong for a voter during a vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// They could not hear.
    Audio,
    /// They could not see.
    Video,
    /// Something else (described in the text).
    Other,
}

/// A voter's report of a technical problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ProblemReport {
    /// Who reported it.
    pub voter: Voter,
    /// What kind of problem.
    pub problem: Problem,
    /// Their words (up to 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
}

/// What a client asks in the `votes` namespace.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum VotesCommand {
    /// Start a vote (moderators).
    Start {
        /// The vote.
        definition: VoteDefinition,
        /// The id of the meeting's prepared vote this starts, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        prepared_id: Option<String>,
    },
    /// Cast one's ballot (eligible voters, once).
    Cast {
        /// The vote.
        vote_id: u32,
        /// The chosen option's index.
        choice: u32,
    },
    /// Close a running vote now; its result stands (moderators).
    Close {
        /// The vote.
        vote_id: u32,
    },
    /// Cancel a running vote; there is no result (moderators).
    Cancel {
        /// The vote.
        vote_id: u32,
        /// Why (1–300 characters), recorded in the protocol.
        reason: String,
    },
    /// Report a technical problem during a running vote (eligible voters).
    ReportProblem {
        /// The vote.
        vote_id: u32,
        /// What kind.
        problem: Problem,
        /// A description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        text: Option<String>,
    },
}

/// Ballots never reach a log: the choice is left out of the debug form.
impl std::fmt::Debug for VotesCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VotesCommand::Start {
                definition,
                prepared_id,
            } => f
                .debug_struct("Start")
                .field("definition", definition)
                .field("prepared_id", prepared_id)
                .finish(),
            VotesCommand::Cast { vote_id, .. } => f
                .debug_struct("Cast")
                .field("vote_id", vote_id)
                .finish_non_exhaustive(),
            VotesCommand::Close { vote_id } => {
                f.debug_struct("Close").field("vote_id", vote_id).finish()
            }
            VotesCommand::Cancel { vote_id, reason } => f
                .debug_struct("Cancel")
                .field("vote_id", vote_id)
                .field("reason", reason)
                .finish(),
            VotesCommand::ReportProblem {
                vote_id, problem, ..
            } => f
                .debug_struct("ReportProblem")
                .field("vote_id", vote_id)
                .field("problem", problem)
                .finish_non_exhaustive(),
        }
    }
}

/// The voter's own ballot, as confirmed to them alone.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OwnBallot {
    /// The vote.
    pub vote_id: u32,
    /// What they chose.
    pub choice: u32,
    /// In a secret vote: the random receipt with which the ballot appears in the protocol.
    /// Only this voter ever receives it; keep it to check the published protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub receipt: Option<String>,
}

/// Ballots never reach a log.
impl std::fmt::Debug for OwnBallot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OwnBallot")
            .field("vote_id", &self.vote_id)
            .finish_non_exhaustive()
    }
}

/// What the room tells clients in the `votes` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum VotesEvent {
    /// After entering: the conference's votes, oldest first; moderators also get the problem
    /// reports of running votes.
    State {
        /// The votes.
        votes: Vec<Vote>,
        /// Problem reports (moderators only; empty for others).
        problems: Vec<VoteProblem>,
    },
    /// A vote started (to everyone).
    Started {
        /// The vote.
        vote: Box<Vote>,
    },
    /// The viewer's ballot was counted (to the voter's connection, answering `cast`).
    Accepted {
        /// The ballot.
        ballot: OwnBallot,
    },
    /// A running vote's voter list, participation or live tally changed (to everyone).
    Progress {
        /// The vote.
        vote_id: u32,
        /// The eligible voters known so far.
        voters: Vec<Voter>,
        /// Who has voted.
        voted: Vec<ParticipantId>,
        /// The tally, when results are live.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        tally: Option<Vec<u32>>,
        /// Who chose what, for a named vote with live results.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        ballots: Option<Vec<NamedBallot>>,
    },
    /// A vote closed or was cancelled (to everyone, with the result if it closed).
    Ended {
        /// The vote as it ended.
        vote: Box<Vote>,
        /// The moderator who closed or cancelled it; absent when its time ran out or the
        /// meeting ended.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        by: Option<ParticipantId>,
    },
    /// The vote's signed protocol is stored for good (to everyone).
    ProtocolStored {
        /// The vote.
        vote_id: u32,
        /// The protocol's id (`/api/v1/votes/{id}`).
        protocol_id: String,
    },
    /// A voter reported a problem (to moderators; the report is in the protocol).
    ProblemReported {
        /// The report.
        problem: VoteProblem,
    },
}

/// A problem report within a vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VoteProblem {
    /// The vote.
    pub vote_id: u32,
    /// When (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub at: u64,
    /// The report.
    pub report: ProblemReport,
}

/// The version tag of [`VoteProtocol`].
pub const PROTOCOL_FORMAT: &str = "plenum-vote-protocol/1";

/// A vote's protocol: every event as a hash chain, signed by the node at the end. How the
/// chain is hashed and checked is in `docs/protocol/votes.md`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct VoteProtocol {
    /// [`PROTOCOL_FORMAT`].
    pub format: String,
    /// The vote's unique key (room, conference start and number).
    pub key: String,
    /// The room.
    pub room: RoomId,
    /// The chain, oldest entry first.
    pub entries: Vec<ProtocolEntry>,
    /// The node's signature over the last entry's hash; absent only before the node signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub signature: Option<ProtocolSignature>,
}

/// One link of the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ProtocolEntry {
    /// Position, from 0.
    pub seq: u32,
    /// When (milliseconds since the Unix epoch). Ballots of a secret vote carry the close
    /// time.
    #[ts(type = "number")]
    pub at: u64,
    /// The previous entry's hash (64 zeros for the first).
    pub prev: String,
    /// What happened.
    pub event: ProtocolEvent,
    /// SHA-256 (hex) of the JSON of `{seq, at, prev, event}` in this field order.
    pub hash: String,
}

/// What a protocol entry records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ProtocolEvent {
    /// The vote was created.
    Created {
        /// Its number in the conference.
        vote_id: u32,
        /// What is decided and how.
        definition: VoteDefinition,
        /// The prepared vote it came from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        prepared_id: Option<String>,
        /// The moderator who created it.
        by: Voter,
    },
    /// Ballots are taken from now on.
    Started {
        /// The eligible voters in the meeting at the start.
        eligible: Vec<Voter>,
        /// When it closes by itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional, type = "number")]
        ends_at: Option<u64>,
    },
    /// An eligible voter entered the meeting while the vote ran.
    VoterJoined {
        /// Who.
        voter: Voter,
    },
    /// An eligible voter left the meeting while the vote ran.
    VoterLeft {
        /// Who.
        voter: Voter,
    },
    /// Someone voted (secret votes: the ballot itself is recorded apart, at the close).
    Voted {
        /// Who.
        voter: Voter,
    },
    /// One ballot: with the voter in a named vote, with a receipt in a secret one.
    Ballot {
        /// The voter (named votes).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        voter: Option<Voter>,
        /// The receipt (secret votes).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        receipt: Option<String>,
        /// The chosen option's index.
        choice: u32,
    },
    /// A voter reported a technical problem.
    ProblemReported {
        /// The report.
        report: ProblemReport,
    },
    /// The vote closed (by a moderator, or when its time ran out: `by` absent).
    Closed {
        /// Who closed it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        by: Option<Voter>,
    },
    /// The vote was cancelled; there is no result.
    Cancelled {
        /// Who cancelled it (absent: the meeting ended while it ran).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        by: Option<Voter>,
        /// Why.
        reason: String,
    },
    /// The result, counted from the ballots above.
    Result {
        /// Eligible voters known at the close.
        eligible: u32,
        /// Ballots cast.
        voted: u32,
        /// How many chose each option.
        counts: Vec<u32>,
    },
}

/// The node's Ed25519 signature over the chain's head.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ProtocolSignature {
    /// `EdDSA`.
    pub alg: String,
    /// The signing key's id, as listed at `GET /api/v1/keys`.
    pub kid: String,
    /// The raw public key, base64url without padding (compare with the published key).
    pub public_key: String,
    /// The signature over the ASCII bytes of the last entry's `hash`, base64url without
    /// padding.
    pub value: String,
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<VotesCommand>();
    d.add::<VotesEvent>();
    d.add::<VoteKind>();
    d.add::<Eligibility>();
    d.add::<VoteDefinition>();
    d.add::<Voter>();
    d.add::<VoteState>();
    d.add::<NamedBallot>();
    d.add::<Vote>();
    d.add::<Problem>();
    d.add::<ProblemReport>();
    d.add::<OwnBallot>();
    d.add::<VoteProblem>();
    d.add::<VoteProtocol>();
    d.add::<ProtocolEntry>();
    d.add::<ProtocolEvent>();
    d.add::<ProtocolSignature>();
}

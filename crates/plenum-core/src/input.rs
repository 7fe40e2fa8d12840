//! What the runtime feeds into a [`crate::Room`].

use plenum_protocol::ClientCommand;
use plenum_protocol::ParticipantId;
use plenum_protocol::control::Role;
use plenum_protocol::media::{RemoteTrack, TrackKind};
use plenum_protocol::moderation::RoomPolicy;
use std::time::Instant;

/// A connection, numbered by the runtime. A participant keeps its id across connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(pub u64);

/// A participant admitted by a verified ticket. Everything here but `media` comes from the
/// ticket, which the controller signed; nothing that decides rights comes from the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinRequest {
    /// Derived from room and subject: the same person gets the same id on every ticket.
    pub participant_id: ParticipantId,
    /// The stable identity behind the ticket (an account, or a guest link plus the browser's
    /// guest key); bans and statistics are keyed by it. Never shown to anyone.
    pub subject: String,
    /// The name others see.
    pub display_name: String,
    /// Roles granted by the controller: `participant` or `guest`, plus `owner`, `moderator`,
    /// `podium`, `interpreter` or `recorder`.
    pub roles: Vec<Role>,
    /// Groups from the identity provider.
    pub groups: Vec<String>,
    /// May take part in votes at all (the controller grants it to people with an account,
    /// never to guests); which votes is each vote's own list.
    pub may_vote: bool,
    /// The room's policy as the controller knows it.
    pub policy: RoomPolicy,
    /// When the meeting is planned to end (milliseconds since the Unix epoch).
    pub planned_end: Option<u64>,
    /// A fresh random secret the participant can resume with.
    pub resume_token: String,
    /// The `join` command's id, echoed by `joined` (or `waiting`).
    pub command_id: Option<u32>,
    /// What the client asked for in its `join` (not from the ticket, and not a right: the room
    /// grants the microphone only where the policy lets this person speak on entry).
    pub media: InitialMedia,
}

/// Microphone and camera as a client asks to enter with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InitialMedia {
    /// Microphone on.
    pub audio: bool,
    /// Camera on.
    pub video: bool,
}

/// One input to the room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A connection presented a valid ticket.
    Join {
        /// The connection.
        conn: ConnId,
        /// Who joins.
        request: JoinRequest,
    },
    /// A connection asks to take back a kept place.
    Resume {
        /// The new connection.
        conn: ConnId,
        /// The token from the last `joined` or `waiting` event.
        token: String,
        /// A fresh random secret for the next resume.
        next_token: String,
        /// The `resume` command's id, echoed by `joined` (or `waiting`).
        command_id: Option<u32>,
    },
    /// A command from an admitted connection (never `join`/`resume`: those arrive as
    /// [`Input::Join`]/[`Input::Resume`]; if they arrive here they are refused).
    Command {
        /// The sending connection.
        conn: ConnId,
        /// The envelope's `id`.
        id: Option<u32>,
        /// The command.
        command: ClientCommand,
    },
    /// A connection ended.
    ConnectionClosed {
        /// The connection.
        conn: ConnId,
        /// `true` for a deliberate close (tab closed, normal close); `false` when the
        /// connection was lost.
        clean: bool,
        /// When the last message arrived on it; the grace period counts from here.
        last_seen: Instant,
    },
    /// News from the media engine.
    Media(MediaNotice),
    /// A record of an earlier [`crate::Output::Persist`] has been stored for good.
    Persisted {
        /// Its key.
        key: String,
    },
    /// The runtime's answer to an [`crate::Output::ClaimBallot`].
    BallotClaimed {
        /// The claim's number.
        claim: u64,
        /// What the storage said.
        outcome: ClaimOutcome,
    },
    /// The room must end now (for example: its meeting was deleted). Everyone is closed with
    /// "meeting ended"; the final report is persisted.
    End,
}

/// What became of a claimed ballot.
#[derive(Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// Recorded; the ballot counts. `receipt` is a fresh random token (at least 128 bits).
    Claimed {
        /// The receipt.
        receipt: String,
    },
    /// The storage already holds a ballot of this voter in this vote.
    AlreadyVoted,
    /// The storage could not be reached; the voter may try again.
    Failed,
}

/// Receipts are secrets of their voters: never in a log.
impl std::fmt::Debug for ClaimOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ClaimOutcome::Claimed { .. } => "Claimed",
            ClaimOutcome::AlreadyVoted => "AlreadyVoted",
            ClaimOutcome::Failed => "Failed",
        })
    }
}

/// What the media engine reports about a participant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaNotice {
    /// The SFU's answer to the participant's offer.
    Answer {
        /// Whose offer.
        participant: ParticipantId,
        /// The offer command's `id`.
        command_id: Option<u32>,
        /// SDP.
        sdp: String,
    },
    /// The SFU offers the participant's receive slots.
    Offer {
        /// With whom.
        participant: ParticipantId,
        /// SDP.
        sdp: String,
        /// The slot map: every slot that carries someone.
        tracks: Vec<RemoteTrack>,
    },
    /// Whose media the participant's receive slots carry changed.
    Tracks {
        /// Whose slots.
        participant: ParticipantId,
        /// The whole slot map.
        tracks: Vec<RemoteTrack>,
    },
    /// Dynacast: which simulcast layers of the participant's camera or screen to send.
    Layers {
        /// The publisher.
        participant: ParticipantId,
        /// Camera or screen.
        kind: TrackKind,
        /// The `rid`s of the layers to send.
        active: Vec<String>,
    },
    /// The SFU refused an offer or answer.
    Rejected {
        /// Whose.
        participant: ParticipantId,
        /// The command's `id`.
        command_id: Option<u32>,
        /// Why.
        reason: String,
    },
    /// Voice activity changed.
    Speaking {
        /// Who.
        participant: ParticipantId,
        /// Speaking now.
        speaking: bool,
        /// When the voice began (for `true`) or ended (for `false`), measured by the SFU.
        at: Instant,
    },
}

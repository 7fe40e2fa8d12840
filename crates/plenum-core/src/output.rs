//! What a [`crate::Room`] asks the runtime to do.

use crate::input::ConnId;
use plenum_protocol::api::Record;
use plenum_protocol::{CloseCode, ParticipantId, ServerEvent};

/// One effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Send one event to these connections (serialise once, stamp with the wall clock).
    Send {
        /// Recipients.
        to: Vec<ConnId>,
        /// The id of the command this answers, if any.
        id: Option<u32>,
        /// The event.
        event: ServerEvent,
    },
    /// Close this connection with this code (after sending what was queued before).
    Close {
        /// The connection.
        conn: ConnId,
        /// Why.
        code: CloseCode,
    },
    /// Ask the media engine for something.
    Media(MediaRequest),
    /// Store a result that must outlive the room. The runtime spools it durably, delivers it
    /// to the controller's storage until it is acknowledged, then feeds
    /// [`crate::Input::Persisted`]. A later record with the same key replaces an earlier one.
    Persist {
        /// Identifies the record; deliveries are idempotent by key.
        key: String,
        /// The record.
        record: Record,
    },
    /// Record durably that `voter` voted in `vote`, once: the storage refuses a second record
    /// of the same voter in the same vote (a unique constraint). The runtime answers with
    /// [`crate::Input::BallotClaimed`] carrying `claim` and, for a fresh record, a random
    /// receipt.
    ClaimBallot {
        /// The vote's key.
        vote: String,
        /// The voter's subject.
        voter: String,
        /// Echoed in the answer.
        claim: u64,
    },
}

/// A request to the media engine, already permission-checked by the room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaRequest {
    /// Start (or restart) a participant's media session with the client's offer.
    Offer {
        /// Whose session.
        participant: ParticipantId,
        /// The command's `id`, to be echoed with the answer.
        command_id: Option<u32>,
        /// SDP offer.
        sdp: String,
        /// Camera video slots of the session.
        video_slots: u8,
    },
    /// The client's answer to the SFU's latest offer.
    Answer {
        /// Whose session.
        participant: ParticipantId,
        /// The command's `id`.
        command_id: Option<u32>,
        /// SDP answer.
        sdp: String,
    },
    /// Which publishers' video this participant receives.
    SubscribeVideo {
        /// The subscriber.
        participant: ParticipantId,
        /// The publishers.
        publishers: Vec<ParticipantId>,
        /// Those of them the subscriber shows large.
        large: Vec<ParticipantId>,
    },
    /// Whether the SFU forwards this participant's audio and video at all.
    SetPublishing {
        /// The publisher.
        participant: ParticipantId,
        /// Forward audio.
        audio: bool,
        /// Forward camera video.
        video: bool,
        /// Forward the screen share.
        screen: bool,
    },
    /// Which breakout room a participant is in (`None`: the main room). Media is forwarded
    /// only between people in the same room; moving needs no renegotiation.
    SetBreakoutRoom {
        /// Who.
        participant: ParticipantId,
        /// The breakout room's number.
        room: Option<u32>,
    },
    /// The participant is gone (or waits outside); drop the media session.
    RemovePeer {
        /// Who.
        participant: ParticipantId,
    },
}

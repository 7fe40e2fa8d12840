//! The `media` namespace: WebRTC negotiation with the node's SFU and what the client receives.
//!
//! The client's `offer` (two send-only transceivers: audio, then video) always starts a fresh
//! media session for that participant. After answering, the node sends its own `offer`s that
//! add (or stop) one receive transceiver per remote participant and kind; the client answers
//! them. Only the node offers after the first exchange, so offers never collide. ICE
//! candidates are part of the SDP (the node is ICE-lite with one host candidate).

use crate::ids::ParticipantId;
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a client asks of the SFU.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum MediaCommand {
    /// Start (or restart) one's media session with this SDP offer.
    Offer {
        /// SDP offer.
        sdp: String,
    },
    /// Answer to the node's last `offer`.
    Answer {
        /// SDP answer.
        sdp: String,
    },
    /// The participants whose video the client currently shows; only their video is sent.
    /// Audio of everyone is always sent.
    Subscribe {
        /// Participants whose video to receive.
        video: Vec<ParticipantId>,
    },
}

/// What the SFU tells a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum MediaEvent {
    /// Answer to the client's `offer`.
    Answer {
        /// SDP answer.
        sdp: String,
    },
    /// The answer to `subscribe`: whose camera video is forwarded now (in the client's order,
    /// at most 25) and which of the requested ids are not inside the meeting (ignored).
    Subscribed {
        /// The publishers whose camera video the client receives.
        video: Vec<ParticipantId>,
        /// Requested ids of nobody inside (left already, or never there).
        unknown: Vec<ParticipantId>,
    },
    /// The node changes the set of tracks it sends; answer with `media/answer`.
    Offer {
        /// SDP offer.
        sdp: String,
        /// Every track the node sends after this offer, by transceiver mid.
        tracks: Vec<RemoteTrack>,
    },
}

/// A track the node sends to the client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RemoteTrack {
    /// The transceiver's mid in the SDP.
    pub mid: String,
    /// Whose track it is.
    pub participant_id: ParticipantId,
    /// Audio or video.
    pub kind: TrackKind,
}

/// Audio, camera video or a shared screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TrackKind {
    /// Audio.
    Audio,
    /// Camera video.
    Video,
    /// A shared screen (a second video track).
    Screen,
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<MediaCommand>();
    d.add::<MediaEvent>();
    d.add::<RemoteTrack>();
    d.add::<TrackKind>();
}

//! The `media` namespace: WebRTC negotiation with the node's SFU and what the client receives.
//!
//! The client's `offer` (send-only transceivers: audio, camera, screen) always starts a fresh
//! media session for that participant. After answering, the node sends one `offer` of its own
//! with the session's receive slots (a few audio slots for the loudest speakers, one screen slot,
//! `video_slots` camera slots); the client answers it. Who is on which slot changes without
//! renegotiation and is told by `tracks`. Only the node offers after the first exchange, so
//! offers never collide. ICE candidates are part of the SDP (the node is ICE-lite with one host
//! candidate).

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
        /// How many camera videos the client shows at once at most: its camera video slots
        /// (0 to [`MAX_VIDEO_SLOTS`]; [`DEFAULT_VIDEO_SLOTS`] when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        video_slots: Option<u8>,
    },
    /// Answer to the node's last `offer`.
    Answer {
        /// SDP answer.
        sdp: String,
    },
    /// The participants whose camera video the client currently shows, in its order; the first
    /// ones (as many as it has video slots) get a slot. Audio follows the loudest speakers.
    Subscribe {
        /// Participants whose video to receive.
        video: Vec<ParticipantId>,
        /// Those of `video` the client shows large (the speaker view's or the lecture's big
        /// picture): they come in the publisher's largest simulcast layer, the others in its
        /// smallest. Absent: none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        large: Option<Vec<ParticipantId>>,
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
    /// The node offers the session's receive slots; answer with `media/answer`.
    Offer {
        /// SDP offer.
        sdp: String,
        /// Whose media each slot carries now, by transceiver mid (slots carrying nobody are
        /// not listed).
        tracks: Vec<RemoteTrack>,
    },
    /// Whose media the receive slots carry changed: the whole map, replacing the last one.
    Tracks {
        /// Whose media each slot carries now, by transceiver mid.
        tracks: Vec<RemoteTrack>,
    },
    /// Dynacast: the simulcast layers (encodings, by `rid`) of the client's camera or screen
    /// that someone receives; the client pauses its other encodings and resumes them when a
    /// later `layers` names them. Until the first one, every encoding is sent.
    Layers {
        /// Camera or screen.
        kind: TrackKind,
        /// The `rid`s of the encodings to send.
        active: Vec<String>,
    },
}

/// Camera video slots of a session whose offer does not say.
pub const DEFAULT_VIDEO_SLOTS: u8 = 9;

/// The most camera video slots a session may have.
pub const MAX_VIDEO_SLOTS: u8 = 25;

/// Whose media one receive slot carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RemoteTrack {
    /// The transceiver's mid in the SDP.
    pub mid: String,
    /// Whose track it is.
    pub participant_id: ParticipantId,
    /// Audio or video.
    pub kind: TrackKind,
    /// Why the node holds the slot back (absent while it carries media).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub paused: Option<PauseReason>,
}

/// Why the node holds a receive slot back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// The client's downlink is too slow for even the smallest layer of this camera.
    Bandwidth,
}

/// Audio, camera video or a shared screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
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
    d.add::<PauseReason>();
    d.add::<TrackKind>();
}

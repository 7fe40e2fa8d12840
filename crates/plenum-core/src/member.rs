//! A participant as the room keeps them: public state plus connection bookkeeping.

use crate::input::ConnId;
use plenum_protocol::control::{ConnectionState, Participant};
use plenum_protocol::media::{RemoteTrack, TrackKind};
use std::time::Instant;

/// The room's record of one participant.
#[derive(Debug)]
pub(crate) struct Member {
    /// What everyone sees.
    pub(crate) public: Participant,
    /// The current connection, if connected.
    pub(crate) conn: Option<ConnId>,
    /// Secret for `resume`.
    pub(crate) resume_token: String,
    /// While disconnected: when the place is given up.
    pub(crate) grace_until: Option<Instant>,
    /// The SFU's offer the client has not answered yet, re-sent after a resume.
    pub(crate) pending_offer: Option<(String, Vec<RemoteTrack>)>,
}

impl Member {
    pub(crate) fn is_connected(&self) -> bool {
        self.public.connection == ConnectionState::Connected
    }
}

/// Converts the SFU's track tuple into its wire form.
pub(crate) fn remote_track(
    (mid, participant_id, kind): (String, plenum_protocol::ParticipantId, TrackKind),
) -> RemoteTrack {
    RemoteTrack {
        mid,
        participant_id,
        kind,
    }
}

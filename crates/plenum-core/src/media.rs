//! The `media` namespace: forwards a participant's negotiation to the media engine and decides
//! whose video they may receive. The SDP itself is the media engine's business.

use crate::input::ConnId;
use crate::output::{MediaRequest, Output};
use crate::room::Room;
use plenum_protocol::media::MediaCommand;
use std::collections::BTreeSet;

/// At most this many video subscriptions per participant (a page of the gallery is far less).
pub(crate) const MAX_VIDEO_SUBSCRIPTIONS: usize = 49;

impl Room {
    pub(crate) fn on_media(
        &mut self,
        idx: usize,
        _conn: ConnId,
        id: Option<u32>,
        command: MediaCommand,
    ) {
        let participant = self.members[idx].public.id.clone();
        let request = match command {
            MediaCommand::Offer { sdp } => {
                // A new session replaces the old one, and with it any unanswered offer.
                self.members[idx].pending_offer = None;
                MediaRequest::Offer {
                    participant,
                    command_id: id,
                    sdp,
                }
            }
            MediaCommand::Answer { sdp } => {
                self.members[idx].pending_offer = None;
                MediaRequest::Answer {
                    participant,
                    command_id: id,
                    sdp,
                }
            }
            MediaCommand::Subscribe { video } => {
                // In the client's order (what it shows first), without repeats.
                let mut seen = BTreeSet::new();
                let publishers = video
                    .into_iter()
                    .filter(|p| *p != participant && self.index_of(p).is_some())
                    .filter(|p| seen.insert(p.clone()))
                    .take(MAX_VIDEO_SUBSCRIPTIONS)
                    .collect();
                MediaRequest::SubscribeVideo {
                    participant,
                    publishers,
                }
            }
        };
        self.push(Output::Media(request));
    }
}

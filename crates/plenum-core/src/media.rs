//! The `media` namespace: forwards a participant's negotiation to the media engine, keeps the
//! SFU's unanswered offer for a reconnecting client, and decides whose video they may receive.
//! The SDP itself is the media engine's business.

use crate::input::MediaNotice;
use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::output::MediaRequest;
use crate::permission::Permission;
use crate::roster::{Audience, Roster};
use plenum_protocol::control::LeaveReason;
use plenum_protocol::media::{
    DEFAULT_VIDEO_SLOTS, MAX_VIDEO_SLOTS, MediaCommand, MediaEvent, TrackKind,
};
use plenum_protocol::{ErrorCode, ParticipantId, ServerEvent};
use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;

/// At most this many video subscriptions per participant (a page of the gallery is far less).
pub(crate) const MAX_VIDEO_SUBSCRIPTIONS: usize = 49;

/// The `media` namespace's state.
#[derive(Debug, Default)]
pub(crate) struct Media {
    /// The SFU's offers not answered yet, re-sent after a resume.
    pending: BTreeMap<ParticipantId, MediaEvent>,
    /// Each participant's latest slot map (`tracks`), re-sent after a resume.
    slot_maps: BTreeMap<ParticipantId, MediaEvent>,
    /// Each publisher's latest dynacast (`layers`) per kind, re-sent after a resume.
    layers: BTreeMap<(ParticipantId, TrackKind), MediaEvent>,
}

impl Module for Media {
    type Command = MediaCommand;
    type Timer = Infallible;

    fn permission(_command: &MediaCommand) -> Permission {
        Permission::Participate
    }

    fn on_command(
        &mut self,
        ctx: &mut Ctx<'_, Infallible>,
        caller: &Member,
        command: MediaCommand,
    ) -> Result<(), Refusal> {
        let participant = caller.public.id.clone();
        let request = match command {
            MediaCommand::Offer { sdp, video_slots } => {
                let video_slots = video_slots.unwrap_or(DEFAULT_VIDEO_SLOTS);
                if video_slots > MAX_VIDEO_SLOTS {
                    return Err(Refusal::invalid(format!(
                        "video_slots must be at most {MAX_VIDEO_SLOTS}"
                    )));
                }
                // A new session replaces the old one, and with it any unanswered offer.
                self.pending.remove(&participant);
                self.slot_maps.remove(&participant);
                self.layers.retain(|(p, _), _| *p != participant);
                MediaRequest::Offer {
                    participant,
                    command_id: ctx.id(),
                    sdp,
                    video_slots,
                }
            }
            MediaCommand::Answer { sdp } => {
                self.pending.remove(&participant);
                MediaRequest::Answer {
                    participant,
                    command_id: ctx.id(),
                    sdp,
                }
            }
            MediaCommand::Subscribe { video, large } => {
                // In the client's order (what it shows first), without repeats.
                let mut seen = BTreeSet::new();
                let (known, unknown): (Vec<ParticipantId>, Vec<ParticipantId>) = video
                    .into_iter()
                    .filter(|p| seen.insert(p.clone()))
                    .partition(|p| ctx.roster.inside(p).is_some());
                let publishers: Vec<ParticipantId> = known
                    .into_iter()
                    .filter(|p| *p != participant)
                    .take(MAX_VIDEO_SUBSCRIPTIONS)
                    .collect();
                ctx.reply(
                    caller,
                    MediaEvent::Subscribed {
                        video: publishers.clone(),
                        unknown,
                    },
                );
                let large = large
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|p| publishers.contains(p))
                    .collect();
                MediaRequest::SubscribeVideo {
                    participant,
                    publishers,
                    large,
                }
            }
        };
        ctx.media(request);
        Ok(())
    }

    fn on_left(&mut self, _ctx: &mut Ctx<'_, Infallible>, who: &ParticipantId, _: LeaveReason) {
        self.pending.remove(who);
        self.slot_maps.remove(who);
        self.layers.retain(|(p, _), _| p != who);
    }

    fn snapshot(&self, _roster: &Roster, viewer: &Member) -> Vec<ServerEvent> {
        let id = &viewer.public.id;
        let layers = self
            .layers
            .range((id.clone(), TrackKind::Audio)..)
            .take_while(|((p, _), _)| p == id)
            .map(|(_, event)| event);
        [self.pending.get(id), self.slot_maps.get(id)]
            .into_iter()
            .flatten()
            .chain(layers)
            .map(|event| ServerEvent::Media(event.clone()))
            .collect()
    }
}

impl Media {
    /// The media engine's answer, offer or refusal for a participant.
    pub(crate) fn on_notice(&mut self, ctx: &mut Ctx<'_, Infallible>, notice: MediaNotice) {
        match notice {
            MediaNotice::Answer {
                participant,
                command_id,
                sdp,
            } => ctx.send_answer(participant, command_id, MediaEvent::Answer { sdp }),
            MediaNotice::Offer {
                participant,
                sdp,
                tracks,
            } => {
                if ctx.roster.inside(&participant).is_none() {
                    return;
                }
                self.slot_maps.insert(
                    participant.clone(),
                    MediaEvent::Tracks {
                        tracks: tracks.clone(),
                    },
                );
                let offer = MediaEvent::Offer { sdp, tracks };
                self.pending.insert(participant.clone(), offer.clone());
                ctx.send(Audience::Participant(participant), offer);
            }
            MediaNotice::Tracks {
                participant,
                tracks,
            } => {
                if ctx.roster.inside(&participant).is_none() {
                    return;
                }
                let event = MediaEvent::Tracks { tracks };
                self.slot_maps.insert(participant.clone(), event.clone());
                ctx.send(Audience::Participant(participant), event);
            }
            MediaNotice::Layers {
                participant,
                kind,
                active,
            } => {
                if ctx.roster.inside(&participant).is_none() {
                    return;
                }
                let event = MediaEvent::Layers { kind, active };
                self.layers
                    .insert((participant.clone(), kind), event.clone());
                ctx.send(Audience::Participant(participant), event);
            }
            MediaNotice::Rejected {
                participant,
                command_id,
                reason,
            } => ctx.send_answer(
                participant,
                command_id,
                ServerEvent::Error(plenum_protocol::envelope::ErrorEvent::new(
                    ErrorCode::MediaRejected,
                    reason,
                )),
            ),
            MediaNotice::Speaking { .. } => {}
        }
    }
}

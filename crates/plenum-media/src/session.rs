//! One peer's WebRTC session: the str0m [`Rtc`], the tracks it publishes, its receive slots
//! (see `slot.rs`) and their negotiation. The slots are fixed when the session starts, so a
//! session is renegotiated only when it starts, never because others join or leave.

use crate::command::Kind;
use crate::keyframe::KeyframeGate;
use crate::layers::{Layers, Size};
use crate::member::MemberId;
use crate::numbering::Incoming;
use crate::picture::starts_keyframe;
use crate::queue_watch::QueueWatch;
use crate::slot::{MapEntry, Slot, SlotState};
use crate::speakers::AUDIO_SLOTS;
use std::sync::Arc;
use std::time::Instant;
use str0m::Rtc;
use str0m::change::{SdpAnswer, SdpPendingOffer};
use str0m::format::PayloadParams;
use str0m::media::{Direction, KeyframeRequestKind, MediaKind, Mid, Pt};
use str0m::rtp::{ExtensionValues, RtpWrite, Ssrc};

/// The index of the screen slot; audio slots come first, camera video slots after it.
pub(crate) const SCREEN_SLOT: usize = AUDIO_SLOTS;
/// The index of the first camera video slot.
const FIRST_VIDEO_SLOT: usize = SCREEN_SLOT + 1;

/// A track the peer sends to the SFU.
pub(crate) struct Published {
    pub(crate) mid: Mid,
    pub(crate) kind: Kind,
    pub(crate) keyframe: KeyframeGate,
    /// The codec of the last payload type seen (looked up once, not per packet).
    pub(crate) params: Option<PayloadParams>,
    /// Its simulcast layers (one without simulcast).
    pub(crate) layers: Layers,
}

/// str0m's two views of a subscriber's downlink (bit/s).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Estimate {
    /// The estimate events' value: averaged over seconds.
    pub(crate) smoothed: Option<u64>,
    /// The estimator's latest value (from str0m's statistics, read every 200 ms).
    pub(crate) latest: Option<u64>,
}

impl Estimate {
    /// What to allocate by: the latest value, so that a fall of the downlink is followed
    /// within one statistics interval and a recovery as soon as the estimator sees it (the
    /// allocation's margin for going up keeps its noise from flapping layers); the smoothed
    /// one until there is a latest. `None` while the estimator is not running (no TWCC).
    pub(crate) fn get(self) -> Option<u64> {
        let smoothed = self.smoothed?;
        Some(self.latest.unwrap_or(smoothed))
    }
}

/// One received packet, as every subscriber's copy is made from it.
pub(crate) struct Relay {
    pub(crate) kind: Kind,
    pub(crate) numbering: Incoming,
    /// The publisher's payload type and its codec.
    pub(crate) pt: Pt,
    pub(crate) params: PayloadParams,
    pub(crate) marker: bool,
    pub(crate) ext: ExtensionValues,
    pub(crate) payload: Arc<[u8]>,
}

/// What became of a packet written to a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Relayed {
    /// Written; the session has datagrams to send.
    Sent,
    /// The slot waits for a key frame of its new source.
    Waiting,
    /// Not written: the slot is not open yet or the codec was not negotiated here.
    Dropped,
}

/// One WebRTC session.
pub(crate) struct Session {
    pub(crate) rtc: Rtc,
    pub(crate) published: Vec<Published>,
    /// Which published track each incoming SSRC belongs to.
    sources: Vec<(Ssrc, usize)>,
    /// Audio slots, the screen slot, then the camera video slots.
    pub(crate) slots: Vec<Slot>,
    pending: Option<SdpPendingOffer>,
    /// When str0m wants `handle_timeout` next.
    pub(crate) next_timeout: Option<Instant>,
    /// The slot map the client was told last.
    pub(crate) told: Vec<MapEntry>,
    /// What the subscriber's downlink takes, once str0m estimates it.
    pub(crate) estimate: Estimate,
    /// The desired bitrate (probed for), in bit/s, that str0m's estimator was given last.
    pub(crate) bwe_asked: u64,
    /// When a slot last went down a layer (or off) for want of bandwidth.
    pub(crate) fell_at: Option<Instant>,
    /// The subscriber's downlink queue, from the round trips of its feedback.
    pub(crate) queue: QueueWatch,
    /// When str0m was last made to probe for more (see the SFU's allocation).
    pub(crate) probed_at: Option<Instant>,
    /// Since when the subscriber's video slots want something (its estimate settles first).
    pub(crate) wanting_since: Option<Instant>,
}

fn media_kind(k: Kind) -> MediaKind {
    match k {
        Kind::Audio => MediaKind::Audio,
        Kind::Video | Kind::Screen => MediaKind::Video,
    }
}

impl Session {
    /// A session with [`AUDIO_SLOTS`] audio slots, one screen slot and `video_slots` camera
    /// video slots, all to be offered.
    pub(crate) fn new(rtc: Rtc, video_slots: usize) -> Session {
        let slots = std::iter::repeat_n(Kind::Audio, AUDIO_SLOTS)
            .chain([Kind::Screen])
            .chain(std::iter::repeat_n(Kind::Video, video_slots))
            .map(Slot::new)
            .collect();
        Session {
            rtc,
            published: Vec::new(),
            sources: Vec::new(),
            slots,
            pending: None,
            next_timeout: None,
            told: Vec::new(),
            estimate: Estimate::default(),
            bwe_asked: 0,
            fell_at: None,
            queue: QueueWatch::default(),
            probed_at: None,
            wanting_since: None,
        }
    }

    /// The published track an incoming SSRC belongs to (index into `published`).
    pub(crate) fn source(&mut self, ssrc: Ssrc) -> Option<usize> {
        if let Some((_, i)) = self.sources.iter().find(|(s, _)| *s == ssrc) {
            return Some(*i);
        }
        let mut direct = self.rtc.direct_api();
        let mid = direct.stream_rx(&ssrc)?.mid();
        let i = self.published.iter().position(|p| p.mid == mid)?;
        self.sources.push((ssrc, i));
        Some(i)
    }

    /// The published track of `kind` (index into `published`).
    pub(crate) fn published_index(&self, kind: Kind) -> Option<usize> {
        self.published.iter().position(|p| p.kind == kind)
    }

    /// What a newly added receiving transceiver carries: audio; the first video is the
    /// camera, a second one the screen (further ones are not used).
    pub(crate) fn kind_of_new(&self, media: MediaKind) -> Option<Kind> {
        match media {
            MediaKind::Audio => {
                (!self.published.iter().any(|p| p.kind == Kind::Audio)).then_some(Kind::Audio)
            }
            MediaKind::Video => [Kind::Video, Kind::Screen]
                .into_iter()
                .find(|k| !self.published.iter().any(|p| p.kind == *k)),
        }
    }

    /// The camera video slot that carries `source`.
    pub(crate) fn video_slot_of(&self, source: MemberId) -> Option<usize> {
        self.slots[FIRST_VIDEO_SLOT..]
            .iter()
            .position(|s| s.source == Some(source))
            .map(|i| i + FIRST_VIDEO_SLOT)
    }

    /// Gives the camera video slots to the first of `wanted` (the subscriber's order): whoever
    /// keeps a slot stays on it, the others' slots go to newcomers; those in `large` are shown
    /// large. Returns the newcomers (they need a key frame) and whether the slot map changed.
    pub(crate) fn assign_video(
        &mut self,
        wanted: &[MemberId],
        large: &[MemberId],
    ) -> (Vec<MemberId>, bool) {
        let capacity = self.slots.len() - FIRST_VIDEO_SLOT;
        let wanted = &wanted[..wanted.len().min(capacity)];
        let mut changed = false;
        for slot in &mut self.slots[FIRST_VIDEO_SLOT..] {
            if slot.source.is_some_and(|s| !wanted.contains(&s)) {
                changed |= slot.set_source(None);
            }
        }
        let mut added = Vec::new();
        for &source in wanted {
            if self.video_slot_of(source).is_some() {
                continue;
            }
            // No more are wanted than there are slots, so one is free; should none be, the rest
            // get none rather than the client's request ending the node's loop.
            let Some(free) = self.slots[FIRST_VIDEO_SLOT..]
                .iter_mut()
                .find(|s| s.source.is_none())
            else {
                break;
            };
            changed |= free.set_source(Some(source));
            added.push(source);
        }
        for slot in &mut self.slots[FIRST_VIDEO_SLOT..] {
            slot.size = match slot.source {
                Some(s) if large.contains(&s) => Size::Large,
                _ => Size::Small,
            };
        }
        (added, changed)
    }

    /// Puts `source` on audio slot `slot` (freeing any other audio slot it was on, so that the
    /// client's map names it once). Returns whether the slot map changed.
    pub(crate) fn place_audio(&mut self, slot: usize, source: Option<MemberId>) -> bool {
        let mut changed = false;
        if let Some(source) = source {
            for (i, s) in self.slots[..AUDIO_SLOTS].iter_mut().enumerate() {
                if i != slot && s.source == Some(source) {
                    changed |= s.set_source(None);
                }
            }
        }
        changed | self.slots[slot].set_source(source)
    }

    /// Frees every slot of `kind` (or of every kind) that carries `source`; returns whether the
    /// slot map changed.
    pub(crate) fn clear_source(&mut self, source: MemberId, kind: Option<Kind>) -> bool {
        let mut changed = false;
        for slot in &mut self.slots {
            if slot.source == Some(source) && kind.is_none_or(|k| k == slot.kind) {
                changed |= slot.set_source(None);
            }
        }
        changed
    }

    /// Frees the audio and screen slots (what they carry depends on the forwarding group).
    pub(crate) fn clear_shared(&mut self) -> bool {
        let mut changed = false;
        for slot in &mut self.slots[..FIRST_VIDEO_SLOT] {
            changed |= slot.set_source(None);
        }
        changed
    }

    /// Marks the slots carrying `source` (of `kind`, or of every kind; `None`: every slot) as
    /// paused on purpose.
    pub(crate) fn pause(&mut self, source: Option<MemberId>, kind: Option<Kind>) {
        for slot in &mut self.slots {
            if source.is_none_or(|s| slot.source == Some(s)) && kind.is_none_or(|k| k == slot.kind)
            {
                slot.pause();
            }
        }
    }

    /// Writes `packet` on slot `index`, renumbered and with this peer's payload type. For video,
    /// `layers` is the source's simulcast ranking: the slot carries the layer for its size and
    /// switches to it at its key frame, keeping the layer on air until then. This runs once per
    /// packet and receiving slot: no search but the payload type's, once per change.
    pub(crate) fn relay(
        &mut self,
        index: usize,
        packet: &Relay,
        layers: Option<&Layers>,
    ) -> Relayed {
        let Some(slot) = self.slots.get_mut(index) else {
            return Relayed::Dropped;
        };
        let SlotState::Open(mid) = slot.state else {
            return Relayed::Dropped;
        };
        let ssrc = packet.numbering.source;
        let Some(rank) = slot.target else {
            // Off for want of bandwidth: the numbering goes on without a hole when it resumes.
            if slot.layer.take().is_some() {
                slot.pause();
            }
            return Relayed::Dropped;
        };
        if let Some(target) = layers.and_then(|l| l.at(rank)) {
            if ssrc != target {
                // Another layer than the wanted one: only while it is on air, until the switch.
                if slot.layer != Some(ssrc) || slot.waiting {
                    return Relayed::Dropped;
                }
            } else if slot.layer != Some(ssrc) {
                // The wanted layer begins with its key frame.
                if !starts_keyframe(packet.params.spec().codec, &packet.payload) {
                    return Relayed::Waiting;
                }
                slot.layer = Some(ssrc);
                slot.waiting = false;
            }
        }
        if slot.waiting {
            if !starts_keyframe(packet.params.spec().codec, &packet.payload) {
                return Relayed::Waiting;
            }
            slot.waiting = false;
        }
        let pt = match slot.pt {
            Some((from, to)) if from == packet.pt => to,
            _ => {
                let Some(pt) = self
                    .rtc
                    .codec_config()
                    .match_params(packet.params)
                    .map(|p| p.pt())
                else {
                    return Relayed::Dropped;
                };
                slot.pt = Some((packet.pt, pt));
                pt
            }
        };
        let (seq_no, time) = slot.numbering.map(packet.numbering);
        let mut direct = self.rtc.direct_api();
        let ssrc = match slot.tx {
            Some(ssrc) => ssrc,
            None => {
                let Some(stream) = direct.stream_tx_by_mid(mid, None) else {
                    return Relayed::Dropped;
                };
                let ssrc = stream.ssrc();
                slot.tx = Some(ssrc);
                ssrc
            }
        };
        let Some(stream) = direct.stream_tx(&ssrc) else {
            slot.tx = None;
            return Relayed::Dropped;
        };
        let write = RtpWrite::new(
            pt,
            seq_no.into(),
            time,
            packet.numbering.arrived,
            packet.payload.clone(),
        )
        .marker(packet.marker)
        .ext_vals(packet.ext.clone())
        .nackable(packet.kind != Kind::Audio);
        stream.write_rtp(write);
        Relayed::Sent
    }

    /// The codec of payload type `pt` on published track `index`.
    pub(crate) fn params_of(&mut self, index: usize, pt: Pt) -> Option<PayloadParams> {
        let published = self.published.get_mut(index)?;
        if let Some(params) = published.params.filter(|p| p.pt() == pt) {
            return Some(params);
        }
        let params = self.rtc.codec_config().find(|p| p.pt() == pt).copied()?;
        published.params = Some(params);
        Some(params)
    }

    /// Whose media the open slot `mid` carries.
    pub(crate) fn source_of(&self, mid: Mid) -> Option<(MemberId, Kind)> {
        self.slots
            .iter()
            .find(|s| s.state == SlotState::Open(mid))
            .and_then(|s| Some((s.source?, s.kind)))
    }

    /// The slot map as the client should know it: every offered slot that carries someone.
    pub(crate) fn slot_map(&self) -> Vec<MapEntry> {
        self.slots.iter().filter_map(Slot::map_entry).collect()
    }

    /// Creates the offer of the slots not negotiated yet, unless one is outstanding.
    pub(crate) fn negotiate(&mut self) -> Option<String> {
        if self.pending.is_some() {
            return None;
        }
        let mut api = self.rtc.sdp_api();
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if slot.state == SlotState::ToOpen {
                let stream = Some(format!("slot{i}"));
                let mid = api.add_media(
                    media_kind(slot.kind),
                    Direction::SendOnly,
                    stream,
                    None,
                    None,
                );
                slot.state = SlotState::Negotiating(mid);
            }
        }
        if !api.has_changes() {
            return None;
        }
        let (offer, pending) = api.apply()?;
        self.pending = Some(pending);
        Some(offer.to_sdp_string())
    }

    /// Applies the client's answer; returns the slots that just opened.
    pub(crate) fn accept_answer(&mut self, sdp: &str) -> Result<Vec<usize>, String> {
        let pending = self.pending.take().ok_or("no offer is pending")?;
        let answer = SdpAnswer::from_sdp_string(sdp).map_err(|e| {
            tracing::debug!(error = %e, "unreadable SDP answer");
            "the SDP answer could not be read".to_owned()
        })?;
        self.rtc
            .sdp_api()
            .accept_answer(pending, answer)
            .map_err(|e| {
                tracing::debug!(error = %e, "SDP answer not accepted");
                "the SDP answer does not match the node's offer".to_owned()
            })?;
        let mut opened = Vec::new();
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if let SlotState::Negotiating(mid) = slot.state {
                slot.state = SlotState::Open(mid);
                opened.push(i);
            }
        }
        Ok(opened)
    }

    /// Whether slot `index` waits to switch to another layer than the one on air.
    pub(crate) fn switch_pending(&self, index: usize, layers: &Layers) -> bool {
        self.slots
            .get(index)
            .is_some_and(|s| s.layer.is_some() && s.layer != s.target.and_then(|r| layers.at(r)))
    }

    /// Sends a keyframe request for published track `index` now, on every layer.
    pub(crate) fn send_keyframe_request(&mut self, index: usize) {
        let Some(published) = self.published.get(index) else {
            return;
        };
        let mid = published.mid;
        let ssrcs: Vec<Ssrc> = published.layers.ssrcs().collect();
        let mut direct = self.rtc.direct_api();
        if ssrcs.is_empty() {
            match direct.stream_rx_by_mid(mid, None) {
                Some(stream) => stream.request_keyframe(KeyframeRequestKind::Pli),
                None => tracing::debug!(%mid, "keyframe request before the stream is known"),
            }
        }
        for ssrc in ssrcs {
            if let Some(stream) = direct.stream_rx(&ssrc) {
                stream.request_keyframe(KeyframeRequestKind::Pli);
            }
        }
    }
}

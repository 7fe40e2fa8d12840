//! The [`Sfu`] state machine: demultiplexing, commands, forwarding and time.

use crate::allocation::{Want, allocate};
use crate::command::{Kind, PeerKey, RoomKey, SfuCommand, SfuEvent, SfuOutput, TrackInfo};
use crate::layers::Layers;
use crate::member::{Member, MemberId};
use crate::numbering::Incoming;
use crate::picture::keyframe_width;
use crate::session::{Published, Relay, Relayed, SCREEN_SLOT, Session};
use crate::speakers::{AUDIO_SLOTS, SpeakerSlots};
use crate::timers::Timers;
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use str0m::bwe::{Bitrate, BweKind};
use str0m::change::SdpOffer;
use str0m::config::{CryptoProvider, DtlsCert};
use str0m::ice::StunMessage;
use str0m::net::{Protocol, Receive};
use str0m::rtp::{ExtensionValues, RtpPacket, Ssrc};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc};

/// What a client is told when its offer cannot be parsed.
const OFFER_UNREADABLE: &str = "the SDP offer could not be read";
/// What a client is told when its offer is well-formed but not acceptable.
const OFFER_REFUSED: &str =
    "the SDP offer was not accepted (docs/protocol/media.md says what the node accepts)";

/// Why the SFU could not start.
#[derive(Debug, thiserror::Error)]
pub enum SfuError {
    /// The crypto provider could not create the DTLS certificate.
    #[error("could not generate a DTLS certificate")]
    Certificate,
    /// The candidate address is unusable (for example unspecified or port 0).
    #[error("unusable ICE candidate address {0}: {1}")]
    Candidate(SocketAddr, String),
}

/// The most camera video slots a session may ask for.
pub const MAX_VIDEO_SLOTS: usize = 25;

/// Where each session's bandwidth estimate starts (bit/s): a gallery page of small tiles and
/// a large picture; str0m's estimator probes upwards from there and comes down within a feedback
/// interval or two when the downlink is slower.
const INITIAL_ESTIMATE: u64 = 4_000_000;

/// How often a subscriber's latest bandwidth estimate is read (through str0m's statistics).
const ESTIMATE_INTERVAL: Duration = Duration::from_millis(200);

/// How long after a slot went down a layer for want of bandwidth no slot of that subscriber
/// goes up again: a downlink that just proved too slow is not tried again at once.
const UP_HOLD: Duration = Duration::from_secs(4);

/// How long after a subscriber's video began its bandwidth estimate is not trusted (only a
/// growing queue holds it back then).
const SETTLE: Duration = Duration::from_secs(3);

/// What str0m is told a subscriber wants, in percent of what its slots want.
const HEADROOM_PERCENT: u64 = 150;

/// How often a subscriber held back below what it wants makes str0m probe for more.
const PROBE_EVERY: Duration = Duration::from_secs(2);

/// By how much (bit/s) the wanted rate is raised to make str0m probe.
const PROBE_NUDGE: u64 = 1_000;

/// When a subscriber's downlink queue grows, its video gets at most this share (in percent) of
/// what it carries: at least one slot steps down a layer at once.
const SQUEEZE_PERCENT: u64 = 70;

/// Bit/s kept free in a subscriber's estimate for each audio slot that carries a voice.
const AUDIO_RESERVE: u64 = 40_000;

/// The finest a session's str0m timers are served (pacing and estimation are fine with it).
const TIMER_GRANULARITY: Duration = Duration::from_millis(1);

/// Packets kept per outgoing video stream for retransmission (NACK) and packetization.
const VIDEO_SEND_BUFFER: usize = 150;

/// Whether an SDP offer asks for transport-wide congestion control feedback (the header
/// extension and the feedback type): only then can the SFU estimate the peer's downlink. A peer
/// that does not will not send the feedback, and an estimator without it would pace the
/// session at its start value.
fn offers_twcc(sdp: &str) -> bool {
    sdp.contains("transport-wide-cc-extensions") && sdp.contains(" transport-cc")
}

/// The selective forwarding unit of one node. See the crate documentation.
pub struct Sfu {
    candidate: SocketAddr,
    crypto: Arc<CryptoProvider>,
    cert: DtlsCert,
    // Keys the SFU or the rooms chose hash with Fx (looked up per packet and subscriber);
    // addresses come from the network and keep the DoS-resistant default hasher.
    members: FxHashMap<MemberId, Member>,
    by_key: FxHashMap<(RoomKey, PeerKey), MemberId>,
    rooms: FxHashMap<RoomKey, Vec<MemberId>>,
    by_addr: HashMap<SocketAddr, MemberId>,
    /// The SFU's ICE username fragment of each session: a STUN check from an address not seen
    /// yet names its session, so finding it costs one lookup, not a try of every session.
    by_ufrag: HashMap<String, MemberId>,
    next_id: MemberId,
    outputs: VecDeque<SfuOutput>,
    renegotiate: BTreeSet<MemberId>,
    /// Sessions whose slot map may have changed (told to the client when it did).
    retrack: BTreeSet<MemberId>,
    /// The audio slots of each forwarding group (room, group).
    speakers: FxHashMap<(RoomKey, Option<u32>), SpeakerSlots>,
    timers: Timers,
    /// Scratch space of `forward`: the subscribers one packet was written to (kept between
    /// packets so that forwarding allocates nothing).
    written: Vec<MemberId>,
}

impl Sfu {
    /// An SFU whose single ICE host candidate is `candidate` (the address clients send to).
    pub fn new(candidate: SocketAddr) -> Result<Sfu, SfuError> {
        let crypto = Arc::new(str0m::crypto::from_feature_flags());
        let cert = crypto
            .dtls_provider
            .generate_certificate()
            .ok_or(SfuError::Certificate)?;
        Candidate::host(candidate, "udp")
            .map_err(|e| SfuError::Candidate(candidate, e.to_string()))?;
        if candidate.ip().is_unspecified() || candidate.port() == 0 {
            return Err(SfuError::Candidate(
                candidate,
                "must be a concrete address and port".into(),
            ));
        }
        Ok(Sfu {
            candidate,
            crypto,
            cert,
            members: FxHashMap::default(),
            by_key: FxHashMap::default(),
            rooms: FxHashMap::default(),
            by_addr: HashMap::new(),
            by_ufrag: HashMap::new(),
            next_id: 0,
            outputs: VecDeque::new(),
            renegotiate: BTreeSet::new(),
            retrack: BTreeSet::new(),
            speakers: FxHashMap::default(),
            timers: Timers::default(),
            written: Vec::new(),
        })
    }

    /// Number of peers with a live WebRTC session.
    pub fn session_count(&self) -> usize {
        self.members
            .values()
            .filter(|m| m.session.is_some())
            .count()
    }

    /// Handles a command from a room.
    pub fn handle_command(&mut self, now: Instant, command: SfuCommand) {
        match command {
            SfuCommand::Offer {
                room,
                peer,
                command_id,
                sdp,
                video_slots,
            } => self.offer(now, room, peer, command_id, &sdp, video_slots),
            SfuCommand::Answer {
                room,
                peer,
                command_id,
                sdp,
            } => self.answer(now, room, peer, command_id, &sdp),
            SfuCommand::SubscribeVideo {
                room,
                peer,
                publishers,
                large,
            } => self.subscribe_video(now, room, peer, publishers, large),
            SfuCommand::SetPublishing {
                room,
                peer,
                audio,
                video,
                screen,
            } => self.set_publishing(now, room, peer, [audio, video, screen]),
            SfuCommand::SetGroup { room, peer, group } => self.set_group(now, room, peer, group),
            SfuCommand::RemovePeer { room, peer } => self.remove(now, &room, &peer),
        }
        self.flush_negotiations();
    }

    /// Handles one datagram received on the media socket.
    pub fn handle_receive(&mut self, now: Instant, source: SocketAddr, data: &[u8]) {
        let Ok(contents) = data.try_into() else {
            return; // not STUN, DTLS, RTP or RTCP
        };
        let input = Input::Receive(
            now,
            Receive {
                proto: Protocol::Udp,
                source,
                destination: self.candidate,
                contents,
            },
        );
        let known = self.by_addr.get(&source).copied().filter(|id| {
            self.members
                .get(id)
                .and_then(|m| m.session.as_ref())
                .is_some_and(|s| s.rtc.accepts(&input))
        });
        // A new address must first pass an ICE check: only a STUN message, and only for the
        // session its USERNAME names (receiver's fragment first, RFC 8445 §7.2.2).
        let target = known.or_else(|| {
            let message = StunMessage::parse(data).ok()?;
            let (ours, _) = message.split_username()?;
            let id = *self.by_ufrag.get(ours)?;
            self.members
                .get(&id)?
                .session
                .as_ref()
                .filter(|s| s.rtc.accepts(&input))?;
            self.by_addr.insert(source, id);
            Some(id)
        });
        let Some(id) = target else {
            tracing::trace!(%source, "datagram for no session");
            return;
        };
        if let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut())
            && let Err(e) = session.rtc.handle_input(input)
        {
            tracing::debug!(%source, error = %e, "session input failed; disconnecting");
            session.rtc.disconnect();
        }
        self.drain(now, id);
        self.flush_negotiations();
    }

    /// Advances time: str0m timers, deferred keyframe requests, end of speaking.
    pub fn handle_timeout(&mut self, now: Instant) {
        for id in self.timers.due(now) {
            let Some(member) = self.members.get_mut(&id) else {
                continue;
            };
            if let Some(change) = member.speaking.handle_timeout(now) {
                self.outputs.push_back(SfuOutput::Event(SfuEvent::Speaking {
                    room: member.room.clone(),
                    peer: member.key.clone(),
                    speaking: change.speaking,
                    at: change.at,
                }));
            }
            if let Some(session) = member.session.as_mut() {
                for i in 0..session.published.len() {
                    if session.published[i].keyframe.handle_timeout(now) {
                        session.send_keyframe_request(i);
                    }
                }
                if session.next_timeout.is_some_and(|t| t <= now) {
                    session.next_timeout = None;
                    if let Err(e) = session.rtc.handle_input(Input::Timeout(now)) {
                        tracing::debug!(error = %e, "session timeout failed; disconnecting");
                        session.rtc.disconnect();
                    }
                }
            }
            self.drain(now, id);
        }
        self.flush_negotiations();
    }

    /// The next datagram to send or event to deliver.
    pub fn poll_output(&mut self) -> Option<SfuOutput> {
        self.outputs.pop_front()
    }

    /// When [`Sfu::handle_timeout`] must be called next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.next()
    }

    /// Forgets where `id`'s session was reached (its session ends or is replaced).
    fn forget_addresses(&mut self, id: MemberId) {
        self.by_addr.retain(|_, m| *m != id);
        self.by_ufrag.retain(|_, m| *m != id);
    }

    /// Puts `id`'s next wake-up in the timers after anything that may have moved it.
    fn reschedule(&mut self, id: MemberId) {
        if let Some(member) = self.members.get_mut(&id) {
            let next = member.next_wake();
            self.timers.reschedule(id, member.wake, next);
            member.wake = next;
        }
    }

    fn member_id(&mut self, room: &RoomKey, peer: &PeerKey) -> MemberId {
        if let Some(id) = self.by_key.get(&(room.clone(), peer.clone())) {
            return *id;
        }
        let id = self.next_id;
        self.next_id += 1;
        self.members
            .insert(id, Member::new(room.clone(), peer.clone()));
        self.by_key.insert((room.clone(), peer.clone()), id);
        self.rooms.entry(room.clone()).or_default().push(id);
        id
    }

    fn others(&self, id: MemberId) -> Vec<MemberId> {
        let Some(room) = self.members.get(&id).map(|m| &m.room) else {
            return Vec::new();
        };
        self.rooms
            .get(room)
            .map(|ids| ids.iter().copied().filter(|o| *o != id).collect())
            .unwrap_or_default()
    }

    /// Tells the room a request failed; `reason` goes to the client, so it is one of the plain
    /// sentences here, never a parser's message (those are logged at debug level).
    fn reject(&mut self, room: RoomKey, peer: PeerKey, command_id: Option<u32>, reason: String) {
        tracing::debug!(%room, %peer, %reason, "media request rejected");
        self.outputs.push_back(SfuOutput::Event(SfuEvent::Rejected {
            room,
            peer,
            command_id,
            reason,
        }));
    }

    /// A session's str0m instance; with `estimate`, it estimates the subscriber's downlink
    /// from TWCC feedback (and paces and probes by it).
    fn new_rtc(&self, now: Instant, estimate: bool) -> Rtc {
        // Every subscriber must be able to decode every publisher its slots may carry, and each
        // slot's m-line lists every codec: so the node speaks Opus, VP8 (every browser has it)
        // and H.264 constrained baseline, nothing else. That keeps a video slot's m-line near
        // 1 kB instead of 3.6 kB with all of str0m's codecs.
        let mut builder = Rtc::builder()
            .clear_codecs()
            .enable_opus(true, false)
            .enable_vp8(true);
        builder
            .codec_config()
            .add_h264(108.into(), Some(109.into()), true, 0x42e01f);
        builder
            .codec_config()
            .add_h264(127.into(), Some(121.into()), true, 0x42001f);
        let mut rtc = builder
            // About one second of a 1.5 Mbit/s stream for retransmissions; str0m's default of
            // 1000 packets per stream cost several MiB per participant in a busy room.
            .set_send_buffer_video(VIDEO_SEND_BUFFER)
            .set_rtp_mode(true)
            .enable_bwe(estimate.then_some(Bitrate::bps(INITIAL_ESTIMATE)))
            // The statistics carry the estimator's latest value, which a fall of the
            // downlink shows at once (the estimate events average over seconds).
            .set_stats_interval(estimate.then_some(ESTIMATE_INTERVAL))
            .set_ice_lite(true)
            .set_crypto_provider(self.crypto.clone())
            .set_dtls_cert(self.cert.clone())
            .build(now);
        let candidate = Candidate::host(self.candidate, "udp")
            .expect("candidate address was validated in Sfu::new");
        rtc.add_local_candidate(candidate);
        rtc
    }

    fn offer(
        &mut self,
        now: Instant,
        room: RoomKey,
        peer: PeerKey,
        command_id: Option<u32>,
        sdp: &str,
        video_slots: usize,
    ) {
        let offer = match SdpOffer::from_sdp_string(sdp) {
            Ok(o) => o,
            Err(e) => {
                tracing::debug!(error = %e, "unreadable SDP offer");
                return self.reject(room, peer, command_id, OFFER_UNREADABLE.into());
            }
        };
        let mut rtc = self.new_rtc(now, offers_twcc(sdp));
        let answer = match rtc.sdp_api().accept_offer(offer) {
            Ok(a) => a,
            Err(e) => {
                tracing::debug!(error = %e, "SDP offer not accepted");
                return self.reject(room, peer, command_id, OFFER_REFUSED.into());
            }
        };
        let id = self.member_id(&room, &peer);
        self.forget_addresses(id);
        self.by_ufrag
            .insert(rtc.direct_api().local_ice_credentials().ufrag, id);
        let mut session = Session::new(rtc, video_slots.min(MAX_VIDEO_SLOTS));
        let member = self
            .members
            .get_mut(&id)
            .expect("member_id inserted the member");
        // A publisher's restart: its slots at the others continue with its new SSRCs.
        session.assign_video(&member.subscribed_video, &member.large_video);
        member.session = Some(session);
        if let Some(change) = member.speaking.reset(now) {
            self.outputs.push_back(SfuOutput::Event(SfuEvent::Speaking {
                room: room.clone(),
                peer: peer.clone(),
                speaking: change.speaking,
                at: change.at,
            }));
        }
        self.outputs.push_back(SfuOutput::Event(SfuEvent::Answer {
            room,
            peer,
            command_id,
            sdp: answer.to_sdp_string(),
        }));
        self.renegotiate.insert(id);
        self.drain(now, id);
    }

    fn answer(
        &mut self,
        now: Instant,
        room: RoomKey,
        peer: PeerKey,
        command_id: Option<u32>,
        sdp: &str,
    ) {
        let Some(&id) = self.by_key.get(&(room.clone(), peer.clone())) else {
            return self.reject(room, peer, command_id, "no media session".into());
        };
        let result = match self.members.get_mut(&id).and_then(|m| m.session.as_mut()) {
            Some(session) => session.accept_answer(sdp).map(|opened| {
                opened
                    .into_iter()
                    .map(|i| &session.slots[i])
                    .filter(|s| s.kind != Kind::Audio)
                    .filter_map(|s| Some((s.source?, s.kind)))
                    .collect::<Vec<_>>()
            }),
            None => Err("no media session".into()),
        };
        match result {
            Ok(wanted) => {
                for (publisher, kind) in wanted {
                    self.request_keyframe_of(now, publisher, kind);
                }
                self.retrack.insert(id);
                self.renegotiate.insert(id);
                self.drain(now, id);
            }
            Err(reason) => self.reject(room, peer, command_id, reason),
        }
    }

    fn subscribe_video(
        &mut self,
        now: Instant,
        room: RoomKey,
        peer: PeerKey,
        publishers: Vec<PeerKey>,
        large: Vec<PeerKey>,
    ) {
        let id = self.member_id(&room, &peer);
        let wanted: Vec<MemberId> = publishers
            .iter()
            .map(|p| self.member_id(&room, p))
            .filter(|p| *p != id)
            .collect();
        let large: Vec<MemberId> = large
            .iter()
            .filter_map(|p| self.by_key.get(&(room.clone(), p.clone())).copied())
            .filter(|p| wanted.contains(p))
            .collect();
        let member = self
            .members
            .get_mut(&id)
            .expect("member_id inserted the member");
        member.subscribed_video = wanted;
        member.large_video = large;
        self.assign_video(now, id);
    }

    /// Gives `id`'s camera video slots to its subscriptions and asks the newcomers for keyframes.
    fn assign_video(&mut self, now: Instant, id: MemberId) {
        let Some(member) = self.members.get_mut(&id) else {
            return;
        };
        let Some(session) = member.session.as_mut() else {
            return;
        };
        let (added, changed) = session.assign_video(&member.subscribed_video, &member.large_video);
        if changed {
            self.retrack.insert(id);
        }
        for publisher in added {
            self.request_keyframe_of(now, publisher, Kind::Video);
        }
        self.allocate(now, id, false);
    }

    /// The slots of `id` that carry video, highest priority first: the screen, the cameras
    /// shown large, then the others in the subscriber's order.
    fn video_slots_by_priority(&self, id: MemberId) -> Vec<(usize, MemberId, Kind)> {
        let Some(member) = self.members.get(&id) else {
            return Vec::new();
        };
        let Some(session) = member.session.as_ref() else {
            return Vec::new();
        };
        let screen = session.slots[SCREEN_SLOT]
            .source
            .map(|s| (SCREEN_SLOT, s, Kind::Screen));
        let large = member.large_video.iter();
        let small = member
            .subscribed_video
            .iter()
            .filter(|p| !member.large_video.contains(p));
        screen
            .into_iter()
            .chain(
                large
                    .chain(small)
                    .filter_map(|&p| session.video_slot_of(p).map(|slot| (slot, p, Kind::Video))),
            )
            .collect()
    }

    /// The simulcast layers `publisher` sends of `kind`, if it does.
    fn layers_of(&self, publisher: MemberId, kind: Kind) -> Option<&Layers> {
        let session = self.members.get(&publisher)?.session.as_ref()?;
        Some(&session.published[session.published_index(kind)?].layers)
    }

    /// Chooses the layer of each of `id`'s video slots within its bandwidth estimate (see
    /// `allocation.rs`), tells str0m what to probe for, and lets the publishers whose layers
    /// it now needs know (dynacast). With `queue_growing` (see `queue_watch.rs`) what goes out
    /// now is too much for the downlink, whatever the estimate says: the slots get at most
    /// [`SQUEEZE_PERCENT`] of what they carry now.
    fn allocate(&mut self, now: Instant, id: MemberId, queue_growing: bool) {
        let slots = self.video_slots_by_priority(id);
        let Some(session) = self.members.get(&id).and_then(|m| m.session.as_ref()) else {
            return;
        };
        let voices = session.slots[..AUDIO_SLOTS]
            .iter()
            .filter(|s| s.source.is_some())
            .count();
        let reserve = AUDIO_RESERVE * u64::try_from(voices).unwrap_or(u64::MAX);
        let wants: Vec<Want> = slots
            .iter()
            .map(|&(slot, source, kind)| Want {
                bitrates: self
                    .layers_of(source, kind)
                    .map(Layers::bitrates)
                    .unwrap_or_default(),
                top: session.slots[slot].size.top(),
                current: session.slots[slot].target,
            })
            .collect();
        // For a while after video began to flow, the estimate says little (str0m's first
        // measurements with media often come back far too low): only a growing queue holds the
        // session back then.
        let settling = session
            .wanting_since
            .is_none_or(|t| now.saturating_duration_since(t) < SETTLE);
        let mut budget = if settling {
            None
        } else {
            session.estimate.get().map(|e| e.saturating_sub(reserve))
        };
        if queue_growing && session.estimate.get().is_some() {
            let now_sent: u64 = wants.iter().map(Want::rate_now).sum();
            let squeezed = now_sent.saturating_mul(SQUEEZE_PERCENT) / 100;
            budget = Some(budget.map_or(squeezed, |b| b.min(squeezed)));
        }
        let may_rise = session
            .fell_at
            .is_none_or(|t| now.saturating_duration_since(t) >= UP_HOLD);
        let result = allocate(budget, &wants, may_rise);
        tracing::debug!(
            estimate = ?session.estimate.get(),
            ?budget,
            wanted = result.wanted,
            queue_growing,
            ranks = ?result.ranks,
            "allocation"
        );
        // The layer each slot switches to (to tell whether the one on air is above it).
        let next: Vec<Option<Ssrc>> = slots
            .iter()
            .zip(&result.ranks)
            .map(|(&(_, source, kind), rank)| {
                rank.and_then(|r| self.layers_of(source, kind).and_then(|l| l.at(r)))
            })
            .collect();
        let session = self
            .members
            .get_mut(&id)
            .and_then(|m| m.session.as_mut())
            .expect("looked up above");
        if result.wanted > 0 {
            session.wanting_since.get_or_insert(now);
        }
        let mut changed = Vec::new();
        for ((&(slot, source, kind), rank), next) in slots.iter().zip(&result.ranks).zip(next) {
            // `None` (off) is lower than any layer.
            if budget.is_some() && *rank < session.slots[slot].target {
                session.fell_at = Some(now);
                // The downlink cannot carry the layer on air: keeping it until the new one's
                // key frame would only lengthen the queue that the key frame waits behind.
                // (After a climb whose key frame has not come yet, the smaller layer is still
                // on air and stays.)
                if session.slots[slot].layer != next {
                    session.slots[slot].cut();
                }
            }
            if session.slots[slot].target != *rank {
                if session.slots[slot].target.is_none() || rank.is_none() {
                    // Switched off or on: the client's slot map says so.
                    self.retrack.insert(id);
                }
                session.slots[slot].target = *rank;
                changed.push((source, kind));
            }
        }
        // str0m probes for what it is told is wanted (with headroom, so that the estimate
        // stays clear of what is sent and a dip of it does not cost a layer), but only when
        // that rises above its estimate: while held back, it is asked for a little more every
        // `PROBE_EVERY`, so that a downlink that recovered is found within seconds (a probe of
        // one that did not only confirms the estimate). No padding: on a slow downlink it
        // would fill the queue that the media waits in.
        let mut desired = (result.wanted + reserve).saturating_mul(HEADROOM_PERCENT) / 100;
        let held_back = budget.is_some_and(|b| b < result.wanted);
        if held_back
            && may_rise
            && !queue_growing
            && session
                .probed_at
                .is_none_or(|t| now.saturating_duration_since(t) >= PROBE_EVERY)
        {
            session.probed_at = Some(now);
            desired += PROBE_NUDGE;
        }
        if session.bwe_asked != desired {
            session.bwe_asked = desired;
            session
                .rtc
                .bwe()
                .set_bitrate(Bitrate::ZERO, Bitrate::bps(desired));
        }
        for (source, kind) in changed {
            self.dynacast(now, source, kind);
        }
    }

    /// Dynacast: asks `publisher` to pause the layers of its `kind` that no slot of its group
    /// carries or switches to (after a while), and to resume those one needs (at once).
    fn dynacast(&mut self, now: Instant, publisher: MemberId, kind: Kind) {
        let Some(group) = self.members.get(&publisher).map(|m| m.group) else {
            return;
        };
        let Some(layers) = self.layers_of(publisher, kind) else {
            return;
        };
        let mut needed = Vec::new();
        for other in self.others(publisher) {
            let Some(sub) = self.members.get(&other).filter(|m| m.group == group) else {
                continue;
            };
            let Some(session) = sub.session.as_ref() else {
                continue;
            };
            let slot = match kind {
                Kind::Video => session.video_slot_of(publisher),
                _ => Some(SCREEN_SLOT).filter(|&s| session.slots[s].source == Some(publisher)),
            };
            if let Some(slot) = slot.map(|s| &session.slots[s]) {
                needed.extend(slot.target.and_then(|r| layers.at(r)));
                needed.extend(slot.layer);
            }
        }
        let Some(member) = self.members.get_mut(&publisher) else {
            return;
        };
        let Some(session) = member.session.as_mut() else {
            return;
        };
        let Some(index) = session.published_index(kind) else {
            return;
        };
        if let Some(active) = session.published[index].layers.dynacast(now, &needed) {
            self.outputs.push_back(SfuOutput::Event(SfuEvent::Layers {
                room: member.room.clone(),
                peer: member.key.clone(),
                kind,
                active: active.iter().map(|rid| rid.to_string()).collect(),
            }));
        }
    }

    fn set_publishing(
        &mut self,
        now: Instant,
        room: RoomKey,
        peer: PeerKey,
        [audio, video, screen]: [bool; 3],
    ) {
        let id = self.member_id(&room, &peer);
        let member = self
            .members
            .get_mut(&id)
            .expect("member_id inserted the member");
        let video_started = video && !member.forward_video;
        let screen_started = screen && !member.forward_screen;
        let (audio_stopped, video_stopped, screen_stopped) = (
            member.forward_audio && !audio,
            member.forward_video && !video,
            member.forward_screen && !screen,
        );
        member.forward_audio = audio;
        member.forward_video = video;
        member.forward_screen = screen;
        if !audio && let Some(change) = member.speaking.reset(now) {
            self.outputs.push_back(SfuOutput::Event(SfuEvent::Speaking {
                room: room.clone(),
                peer: peer.clone(),
                speaking: change.speaking,
                at: change.at,
            }));
        }
        if audio_stopped {
            self.release_audio(id);
        }
        if video_stopped {
            self.pause_at_others(id, Kind::Video);
        }
        if screen_stopped {
            // The screen slots are free for another sharer of the group.
            self.clear_at_others(id, Some(Kind::Screen));
        }
        if video_started {
            self.request_keyframe_of(now, id, Kind::Video);
        }
        if screen_started {
            self.request_keyframe_of(now, id, Kind::Screen);
        }
        self.reschedule(id);
    }

    /// Moves a peer to another forwarding group: what it hears and whose screen it sees start
    /// over, others stop hearing it, and the video slots ask for keyframes of what they carry.
    fn set_group(&mut self, now: Instant, room: RoomKey, peer: PeerKey, group: Option<u32>) {
        let id = self.member_id(&room, &peer);
        if self.members[&id].group == group {
            return;
        }
        self.release_audio(id);
        self.clear_at_others(id, Some(Kind::Screen));
        self.pause_at_others(id, Kind::Video);
        let member = self
            .members
            .get_mut(&id)
            .expect("member_id inserted the member");
        member.group = group;
        if let Some(session) = member.session.as_mut() {
            if session.clear_shared() {
                self.retrack.insert(id);
            }
            session.pause(None, None);
        }
        let mut wanted: Vec<MemberId> = self.members[&id].subscribed_video.clone();
        for other in self.others(id) {
            if self.members[&other].subscribed_video.contains(&id) {
                wanted.push(id);
            }
        }
        wanted.sort_unstable();
        wanted.dedup();
        for publisher in wanted {
            self.request_keyframe_of(now, publisher, Kind::Video);
        }
        for other in self.others(id) {
            if self.members[&other].group == group {
                self.request_keyframe_of(now, other, Kind::Screen);
            }
        }
        self.request_keyframe_of(now, id, Kind::Screen);
    }

    /// Frees `id`'s audio slot in its group, at everyone.
    fn release_audio(&mut self, id: MemberId) {
        let Some(member) = self.members.get(&id) else {
            return;
        };
        let stage = (member.room.clone(), member.group);
        if let Some(speakers) = self.speakers.get_mut(&stage) {
            let place = speakers.release(id);
            if speakers.is_empty() {
                self.speakers.remove(&stage);
            }
            // Its own slot of that number carried the extra place, which it hears no more.
            if let Some(place) = place.filter(|p| *p < AUDIO_SLOTS)
                && let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut())
                && session.place_audio(place, None)
            {
                self.retrack.insert(id);
            }
        }
        self.clear_at_others(id, Some(Kind::Audio));
    }

    /// Frees the slots (of `kind`, or of every kind) that carry `id` at the others of its room.
    fn clear_at_others(&mut self, id: MemberId, kind: Option<Kind>) {
        for other in self.others(id) {
            if let Some(session) = self
                .members
                .get_mut(&other)
                .and_then(|m| m.session.as_mut())
                && session.clear_source(id, kind)
            {
                self.retrack.insert(other);
            }
        }
    }

    /// Marks the slots that carry `id`'s `kind` at the others as paused on purpose, so that the
    /// numbering goes on without a hole when it resumes.
    fn pause_at_others(&mut self, id: MemberId, kind: Kind) {
        for other in self.others(id) {
            if let Some(session) = self
                .members
                .get_mut(&other)
                .and_then(|m| m.session.as_mut())
            {
                session.pause(Some(id), Some(kind));
            }
        }
    }

    fn remove(&mut self, now: Instant, room: &RoomKey, peer: &PeerKey) {
        let Some(&id) = self.by_key.get(&(room.clone(), peer.clone())) else {
            return;
        };
        self.release_audio(id);
        self.clear_at_others(id, None);
        self.by_key.remove(&(room.clone(), peer.clone()));
        if let Some(member) = self.members.remove(&id) {
            self.timers.reschedule(id, member.wake, None);
        }
        self.forget_addresses(id);
        self.renegotiate.remove(&id);
        self.retrack.remove(&id);
        if let Some(ids) = self.rooms.get_mut(room) {
            ids.retain(|m| *m != id);
            if ids.is_empty() {
                self.rooms.remove(room);
                self.speakers.retain(|(r, _), _| r != room);
            }
        }
        let others: Vec<MemberId> = self.rooms.get(room).cloned().unwrap_or_default();
        for other in others {
            let Some(m) = self.members.get_mut(&other) else {
                continue;
            };
            let before = m.subscribed_video.len();
            m.subscribed_video.retain(|p| *p != id);
            m.large_video.retain(|p| *p != id);
            if m.subscribed_video.len() != before {
                // A freed slot goes to the next subscription beyond the slots, if any.
                self.assign_video(now, other);
            }
        }
    }

    /// Asks `publisher` for a keyframe of its camera or screen (throttled).
    fn request_keyframe_of(&mut self, now: Instant, publisher: MemberId, kind: Kind) {
        let Some(session) = self
            .members
            .get_mut(&publisher)
            .and_then(|m| m.session.as_mut())
        else {
            return;
        };
        let Some(index) = session.published_index(kind) else {
            return;
        };
        if session.published[index].keyframe.request(now) {
            session.send_keyframe_request(index);
        }
        self.reschedule(publisher);
    }

    /// Polls a session (and every session it forwarded to) until each waits for time.
    fn drain(&mut self, now: Instant, first: MemberId) {
        let mut queue = VecDeque::from([first]);
        let mut events = Vec::new();
        while let Some(id) = queue.pop_front() {
            self.drain_one(now, id, &mut events);
            for event in events.drain(..) {
                self.on_event(now, id, event, &mut queue);
            }
            self.reschedule(id);
        }
    }

    /// Polls one session until it waits for time; its events land in `events`.
    fn drain_one(&mut self, now: Instant, id: MemberId, events: &mut Vec<Event>) {
        let Some(member) = self.members.get_mut(&id) else {
            return;
        };
        let Some(session) = member.session.as_mut() else {
            return;
        };
        loop {
            match session.rtc.poll_output() {
                Ok(Output::Transmit(t)) => self.outputs.push_back(SfuOutput::Transmit {
                    destination: t.destination,
                    contents: t.contents.into(),
                }),
                Ok(Output::Timeout(t)) => {
                    // str0m's delay-based estimator asks to be woken again after twice the
                    // round-trip time while no TWCC report is fresh: on a LAN (or loopback)
                    // that is microseconds, or no time at all, which would spin the loop.
                    session.next_timeout = Some(t.max(now + TIMER_GRANULARITY));
                    break;
                }
                Ok(Output::Event(e)) => events.push(e),
                Err(e) => {
                    tracing::debug!(peer = %member.key, error = %e, "session failed; disconnecting");
                    session.rtc.disconnect();
                    break;
                }
            }
        }
        if !session.rtc.is_alive() {
            tracing::debug!(room = %member.room, peer = %member.key, "media session closed");
            member.session = None;
            if let Some(change) = member.speaking.reset(now) {
                self.outputs.push_back(SfuOutput::Event(SfuEvent::Speaking {
                    room: member.room.clone(),
                    peer: member.key.clone(),
                    speaking: change.speaking,
                    at: change.at,
                }));
            }
            self.by_addr.retain(|_, m| *m != id);
            self.by_ufrag.retain(|_, m| *m != id);
            events.clear();
        }
    }

    fn on_event(
        &mut self,
        now: Instant,
        id: MemberId,
        event: Event,
        queue: &mut VecDeque<MemberId>,
    ) {
        match event {
            Event::RtpPacket(packet) => self.forward(now, id, packet, queue),
            Event::MediaAdded(added) if added.direction.is_receiving() => {
                if let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut())
                    && let Some(kind) = session.kind_of_new(added.kind)
                {
                    session.published.push(Published {
                        mid: added.mid,
                        kind,
                        keyframe: Default::default(),
                        params: None,
                        layers: Layers::default(),
                    });
                }
            }
            Event::KeyframeRequest(req) => {
                let source = self
                    .members
                    .get(&id)
                    .and_then(|m| m.session.as_ref())
                    .and_then(|s| s.source_of(req.mid));
                if let Some((publisher, kind @ (Kind::Video | Kind::Screen))) = source {
                    self.request_keyframe_of(now, publisher, kind);
                }
            }
            Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                if let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut()) {
                    session.rtc.disconnect();
                    queue.push_back(id);
                }
            }
            Event::EgressBitrateEstimate(BweKind::Twcc {
                estimate,
                can_probe,
            }) => {
                if let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut()) {
                    // Without probing (no TWCC negotiated) the estimate is only the start value.
                    session.estimate.smoothed = can_probe.then(|| estimate.as_u64());
                    self.allocate(now, id, false);
                    queue.push_back(id);
                }
            }
            Event::PeerStats(stats) => {
                if let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut()) {
                    session.estimate.latest = stats.bwe_tx.map(|b| b.as_u64());
                    let growing = stats.rtt.is_some_and(|rtt| session.queue.observe(now, rtt));
                    self.allocate(now, id, growing);
                    queue.push_back(id);
                }
            }
            Event::Connected => {
                if let Some(m) = self.members.get(&id) {
                    tracing::debug!(room = %m.room, peer = %m.key, "media session connected");
                }
            }
            _ => {}
        }
    }

    /// Forwards one received RTP packet onto the slots that carry its publisher in the
    /// publisher's room and forwarding group, renumbered for each slot; the payload is shared,
    /// not copied. Audio goes out only while the publisher holds one of the group's audio
    /// slots; a screen takes a subscriber's free screen slot.
    fn forward(
        &mut self,
        now: Instant,
        id: MemberId,
        packet: RtpPacket,
        queue: &mut VecDeque<MemberId>,
    ) {
        let Some(member) = self.members.get_mut(&id) else {
            return;
        };
        let Some(session) = member.session.as_mut() else {
            return;
        };
        let ssrc = packet.header.ssrc;
        let Some(index) = session.source(ssrc) else {
            return;
        };
        let Some(params) = session.params_of(index, packet.header.payload_type) else {
            return;
        };
        let published = &mut session.published[index];
        let kind = published.kind;
        let seq = *packet.seq_no;
        let mut ranked = false;
        let (frame_ticks, audio_slot) = match kind {
            Kind::Audio => {
                if !member.forward_audio {
                    return;
                }
                let level = packet.header.ext_vals.audio_level;
                if let Some(level) = level
                    && let Some(change) = member.speaking.on_level(now, level)
                {
                    self.outputs.push_back(SfuOutput::Event(SfuEvent::Speaking {
                        room: member.room.clone(),
                        peer: member.key.clone(),
                        speaking: change.speaking,
                        at: change.at,
                    }));
                }
                let speakers = self
                    .speakers
                    .entry((member.room.clone(), member.group))
                    .or_default();
                let Some(placement) = speakers.on_packet(now, id, level) else {
                    return; // not among the loudest: nobody hears it
                };
                // The places as they are now, for the subscribers below (no second lookup).
                let places = *speakers;
                if placement.replaced.is_some()
                    && placement.slot < AUDIO_SLOTS
                    && session.place_audio(placement.slot, None)
                {
                    // Its own slot of that number carried someone else: the extra place's
                    // holder goes there now, with its next packet.
                    self.retrack.insert(id);
                }
                (960, Some((placement.slot, places)))
            }
            Kind::Video | Kind::Screen => {
                let forwarded = match kind {
                    Kind::Video => member.forward_video,
                    _ => member.forward_screen,
                };
                if !forwarded {
                    return;
                }
                let width = keyframe_width(params.spec().codec, &packet.payload);
                let rtc = &mut session.rtc;
                let rid = || rtc.direct_api().stream_rx(&ssrc).and_then(|s| s.rid());
                let published = &mut session.published[index];
                let seen =
                    published
                        .layers
                        .on_packet(now, ssrc, seq, packet.payload.len(), width, rid);
                if seen.lost && published.keyframe.request(now) {
                    session.send_keyframe_request(index);
                    queue.push_back(id);
                }
                ranked = seen.ranked;
                (3000, None)
            }
        };
        let spec = params.spec();
        let relay = Relay {
            kind,
            numbering: Incoming {
                source: ssrc,
                seq,
                time: packet.header.timestamp,
                clock_rate: spec.clock_rate.get(),
                frame_ticks,
                arrived: packet.timestamp,
            },
            pt: packet.header.payload_type,
            params,
            marker: packet.header.marker,
            ext: ExtensionValues {
                audio_level: packet.header.ext_vals.audio_level,
                voice_activity: packet.header.ext_vals.voice_activity,
                video_orientation: packet.header.ext_vals.video_orientation,
                ..Default::default()
            },
            payload: packet.payload,
        };
        let (room_key, group) = (member.room.clone(), member.group);
        let Some(room) = self.rooms.get(&room_key) else {
            return;
        };
        // The source's layers, out of its session while the subscribers' sessions are written.
        let layers =
            (kind != Kind::Audio).then(|| std::mem::take(&mut session.published[index].layers));
        let mut wants_keyframe = false;
        let mut written = std::mem::take(&mut self.written);
        for &other in room {
            if other == id {
                continue;
            }
            let Some(sub) = self.members.get_mut(&other) else {
                continue;
            };
            if sub.group != group {
                continue;
            }
            let Some(session) = sub.session.as_mut() else {
                continue;
            };
            let slot = match kind {
                Kind::Audio => {
                    let (place, places) =
                        audio_slot.expect("audio packets that go out have a place");
                    let Some(slot) = places.slot_for(other, place) else {
                        continue;
                    };
                    if session.slots[slot].source != Some(id) && session.place_audio(slot, Some(id))
                    {
                        self.retrack.insert(other);
                    }
                    slot
                }
                Kind::Video => match session.video_slot_of(id) {
                    Some(slot) => slot,
                    None => continue,
                },
                Kind::Screen => match session.slots[SCREEN_SLOT].source {
                    Some(source) if source == id => SCREEN_SLOT,
                    Some(_) => continue,
                    None => {
                        session.slots[SCREEN_SLOT].set_source(Some(id));
                        self.retrack.insert(other);
                        SCREEN_SLOT
                    }
                },
            };
            match session.relay(slot, &relay, layers.as_ref()) {
                Relayed::Sent => {
                    // str0m sends what was written at its next timeout. One wake-up within the
                    // timer granularity serves every packet written until then: the session is
                    // not polled per packet.
                    let due = now + TIMER_GRANULARITY;
                    session.next_timeout = Some(session.next_timeout.map_or(due, |t| t.min(due)));
                    written.push(other);
                }
                Relayed::Waiting => wants_keyframe = true,
                Relayed::Dropped => {}
            }
            wants_keyframe |= layers
                .as_ref()
                .is_some_and(|l| session.switch_pending(slot, l));
        }
        for &other in &written {
            self.reschedule(other);
        }
        written.clear();
        self.written = written;
        if let Some(layers) = layers
            && let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut())
            && let Some(published) = session.published.get_mut(index)
        {
            published.layers = layers;
        }
        if wants_keyframe {
            self.request_keyframe_of(now, id, kind);
            queue.push_back(id);
        }
        if ranked {
            // The layers' bitrates are new: the subscribers' allocations and the layers the
            // publisher needs to send follow.
            for other in self.rooms.get(&room_key).cloned().unwrap_or_default() {
                let carries = self
                    .members
                    .get(&other)
                    .filter(|m| m.group == group)
                    .and_then(|m| m.session.as_ref())
                    .is_some_and(|s| s.slots.iter().any(|slot| slot.source == Some(id)));
                if carries {
                    self.allocate(now, other, false);
                    queue.push_back(other);
                }
            }
            self.dynacast(now, id, kind);
        }
    }

    /// The slot map of `id`'s session as the client is told it.
    fn track_infos(&self, session: &Session) -> Vec<TrackInfo> {
        session
            .slot_map()
            .into_iter()
            .filter_map(|entry| {
                Some(TrackInfo {
                    mid: entry.mid.to_string(),
                    publisher: self.members.get(&entry.source)?.key.clone(),
                    kind: entry.kind,
                    paused: entry.paused,
                })
            })
            .collect()
    }

    /// Sends the pending offers (one per session at a time), then the changed slot maps.
    fn flush_negotiations(&mut self) {
        while let Some(id) = self.renegotiate.pop_first() {
            let Some(sdp) = self
                .members
                .get_mut(&id)
                .and_then(|m| m.session.as_mut())
                .and_then(Session::negotiate)
            else {
                continue;
            };
            let member = &self.members[&id];
            let session = member.session.as_ref().expect("negotiated just now");
            let tracks = self.track_infos(session);
            let told = session.slot_map();
            self.outputs.push_back(SfuOutput::Event(SfuEvent::Offer {
                room: member.room.clone(),
                peer: member.key.clone(),
                sdp,
                tracks,
            }));
            if let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut()) {
                session.told = told;
            }
        }
        while let Some(id) = self.retrack.pop_first() {
            let Some(member) = self.members.get(&id) else {
                continue;
            };
            let Some(session) = member.session.as_ref() else {
                continue;
            };
            let map = session.slot_map();
            if map == session.told {
                continue;
            }
            let tracks = self.track_infos(session);
            self.outputs.push_back(SfuOutput::Event(SfuEvent::Tracks {
                room: member.room.clone(),
                peer: member.key.clone(),
                tracks,
            }));
            if let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut()) {
                session.told = map;
            }
        }
    }
}

//! The [`Sfu`] state machine: demultiplexing, commands, forwarding and time.

use crate::command::{Kind, PeerKey, RoomKey, SfuCommand, SfuEvent, SfuOutput};
use crate::member::Member;
use crate::session::{Published, Relay, Session};
use crate::timers::Timers;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use str0m::change::SdpOffer;
use str0m::config::{CryptoProvider, DtlsCert};
use str0m::ice::StunMessage;
use str0m::net::{Protocol, Receive};
use str0m::rtp::{ExtensionValues, RtpPacket};
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

type MemberId = u64;

/// Packets kept per outgoing video stream for retransmission (NACK) and packetization.
const VIDEO_SEND_BUFFER: usize = 150;

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
    timers: Timers,
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
            timers: Timers::default(),
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
            } => self.offer(now, room, peer, command_id, &sdp),
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
            } => self.subscribe_video(now, room, peer, publishers),
            SfuCommand::SetPublishing {
                room,
                peer,
                audio,
                video,
                screen,
            } => self.set_publishing(now, room, peer, [audio, video, screen]),
            SfuCommand::SetGroup { room, peer, group } => self.set_group(now, room, peer, group),
            SfuCommand::RemovePeer { room, peer } => self.remove(&room, &peer),
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
                        let mid = session.published[i].mid;
                        session.send_keyframe_request(mid);
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

    fn new_rtc(&self, now: Instant) -> Rtc {
        let mut rtc = Rtc::builder()
            // About one second of a 1.5 Mbit/s stream for retransmissions; str0m's default of
            // 1000 packets per stream cost several MiB per participant in a busy room.
            .set_send_buffer_video(VIDEO_SEND_BUFFER)
            .set_rtp_mode(true)
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
    ) {
        let offer = match SdpOffer::from_sdp_string(sdp) {
            Ok(o) => o,
            Err(e) => {
                tracing::debug!(error = %e, "unreadable SDP offer");
                return self.reject(room, peer, command_id, OFFER_UNREADABLE.into());
            }
        };
        let mut rtc = self.new_rtc(now);
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
        let mut session = Session::new(rtc);
        for other in self.others(id) {
            let other = &self.members[&other];
            for kind in &other.published_kinds {
                session.add_outgoing(&other.key, *kind);
            }
        }
        let member = self
            .members
            .get_mut(&id)
            .expect("member_id inserted the member");
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
            Some(session) => session.accept_answer(sdp),
            None => Err("no media session".into()),
        };
        match result {
            Ok(opened) => {
                let subscribed = &self.members[&id].subscribed_video;
                let wanted: Vec<(PeerKey, Kind)> = opened
                    .into_iter()
                    .filter(|(p, k)| {
                        *k == Kind::Screen || (*k == Kind::Video && subscribed.contains(p))
                    })
                    .collect();
                for (publisher, kind) in wanted {
                    self.request_keyframe(now, &room, &publisher, kind);
                }
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
    ) {
        let id = self.member_id(&room, &peer);
        let member = self
            .members
            .get_mut(&id)
            .expect("member_id inserted the member");
        let new: FxHashSet<PeerKey> = publishers.into_iter().collect();
        if let Some(session) = member.session.as_mut() {
            for stopped in member.subscribed_video.difference(&new) {
                session.pause(Some(stopped), Some(Kind::Video));
            }
        }
        let started: Vec<PeerKey> = new
            .difference(&member.subscribed_video)
            .filter(|p| {
                member
                    .session
                    .as_ref()
                    .is_some_and(|s| s.open_mid(p, Kind::Video).is_some())
            })
            .cloned()
            .collect();
        member.subscribed_video = new;
        for publisher in started {
            self.request_keyframe(now, &room, &publisher, Kind::Video);
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
        let stopped: Vec<Kind> = [
            (Kind::Audio, member.forward_audio && !audio),
            (Kind::Video, member.forward_video && !video),
            (Kind::Screen, member.forward_screen && !screen),
        ]
        .into_iter()
        .filter_map(|(kind, stopped)| stopped.then_some(kind))
        .collect();
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
        for kind in stopped {
            self.pause_towards_others(id, Some(kind));
        }
        if video_started {
            self.request_keyframe(now, &room, &peer, Kind::Video);
        }
        if screen_started {
            self.request_keyframe(now, &room, &peer, Kind::Screen);
        }
        self.reschedule(id);
    }

    /// Moves a peer to another forwarding group and asks for keyframes of the video it now
    /// receives and of its own video for its new group-mates.
    fn set_group(&mut self, now: Instant, room: RoomKey, peer: PeerKey, group: Option<u32>) {
        let id = self.member_id(&room, &peer);
        let member = self
            .members
            .get_mut(&id)
            .expect("member_id inserted the member");
        if member.group == group {
            return;
        }
        member.group = group;
        if let Some(session) = member.session.as_mut() {
            session.pause(None, None);
        }
        self.pause_towards_others(id, None);
        let mut wanted = Vec::new();
        let mine = &self.members[&id];
        for other in self.others(id) {
            let other = &self.members[&other];
            if other.group != group {
                continue;
            }
            if mine.subscribed_video.contains(&other.key) {
                wanted.push((other.key.clone(), Kind::Video));
            }
            wanted.push((other.key.clone(), Kind::Screen));
            if other.subscribed_video.contains(&peer) {
                wanted.push((peer.clone(), Kind::Video));
            }
        }
        wanted.push((peer.clone(), Kind::Screen));
        wanted.sort();
        wanted.dedup();
        for (publisher, kind) in wanted {
            self.request_keyframe(now, &room, &publisher, kind);
        }
    }

    /// Marks what the others in `id`'s room receive from it (of `kind`, or everything) as
    /// paused on purpose, so that the numbering goes on without a hole when it resumes.
    fn pause_towards_others(&mut self, id: MemberId, kind: Option<Kind>) {
        let Some(key) = self.members.get(&id).map(|m| m.key.clone()) else {
            return;
        };
        for other in self.others(id) {
            if let Some(session) = self
                .members
                .get_mut(&other)
                .and_then(|m| m.session.as_mut())
            {
                session.pause(Some(&key), kind);
            }
        }
    }

    fn remove(&mut self, room: &RoomKey, peer: &PeerKey) {
        let Some(id) = self.by_key.remove(&(room.clone(), peer.clone())) else {
            return;
        };
        if let Some(member) = self.members.remove(&id) {
            self.timers.reschedule(id, member.wake, None);
        }
        self.forget_addresses(id);
        self.renegotiate.remove(&id);
        if let Some(ids) = self.rooms.get_mut(room) {
            ids.retain(|m| *m != id);
            if ids.is_empty() {
                self.rooms.remove(room);
            }
        }
        let others: Vec<MemberId> = self.rooms.get(room).cloned().unwrap_or_default();
        for other in others {
            let Some(m) = self.members.get_mut(&other) else {
                continue;
            };
            m.subscribed_video.remove(peer);
            if m.session.as_mut().is_some_and(|s| s.remove_publisher(peer)) {
                self.renegotiate.insert(other);
            }
        }
    }

    /// Asks `publisher` for a keyframe of its camera or screen (throttled).
    fn request_keyframe(&mut self, now: Instant, room: &RoomKey, publisher: &PeerKey, kind: Kind) {
        let Some(id) = self.by_key.get(&(room.clone(), publisher.clone())) else {
            return;
        };
        let Some(session) = self.members.get_mut(id).and_then(|m| m.session.as_mut()) else {
            return;
        };
        let Some(published) = session.published_kind(kind) else {
            return;
        };
        if published.keyframe.request(now) {
            let mid = published.mid;
            session.send_keyframe_request(mid);
        }
        let id = *id;
        self.reschedule(id);
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
                    session.next_timeout = Some(t);
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
                        last_seq: None,
                        announced: false,
                        params: None,
                    });
                }
            }
            Event::KeyframeRequest(req) => {
                let Some(member) = self.members.get(&id) else {
                    return;
                };
                let Some(session) = member.session.as_ref() else {
                    return;
                };
                if let Some((publisher, kind @ (Kind::Video | Kind::Screen))) =
                    session.publisher_of(req.mid)
                {
                    let (room, publisher) = (member.room.clone(), publisher.clone());
                    self.request_keyframe(now, &room, &publisher, kind);
                }
            }
            Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                if let Some(session) = self.members.get_mut(&id).and_then(|m| m.session.as_mut()) {
                    session.rtc.disconnect();
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

    /// Forwards one received RTP packet to every subscriber in the publisher's room and
    /// forwarding group, renumbered for each outgoing stream; the payload is shared, not copied.
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
        if !published.announced {
            published.announced = true;
            self.announce(id, kind);
            return self.forward(now, id, packet, queue);
        }
        let seq = *packet.seq_no;
        let lost = published.last_seq.is_some_and(|last| seq > last + 1);
        published.last_seq = Some(published.last_seq.map_or(seq, |l| l.max(seq)));
        let frame_ticks = match kind {
            Kind::Audio => {
                if !member.forward_audio {
                    return;
                }
                if let Some(level) = packet.header.ext_vals.audio_level
                    && let Some(change) = member.speaking.on_level(now, level)
                {
                    self.outputs.push_back(SfuOutput::Event(SfuEvent::Speaking {
                        room: member.room.clone(),
                        peer: member.key.clone(),
                        speaking: change.speaking,
                        at: change.at,
                    }));
                }
                960
            }
            Kind::Video | Kind::Screen => {
                let forwarded = match kind {
                    Kind::Video => member.forward_video,
                    _ => member.forward_screen,
                };
                if !forwarded {
                    return;
                }
                if lost && published.keyframe.request(now) {
                    let mid = published.mid;
                    session.send_keyframe_request(mid);
                    queue.push_back(id);
                }
                3000
            }
        };
        let relay = Relay {
            kind,
            source: ssrc,
            seq,
            time: packet.header.timestamp,
            frame_ticks,
            wallclock: packet.timestamp,
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
        let (publisher, room_key, group) = (member.key.clone(), member.room.clone(), member.group);
        let Some(room) = self.rooms.get(&room_key) else {
            return;
        };
        for &other in room {
            if other == id {
                continue;
            }
            let Some(sub) = self.members.get_mut(&other) else {
                continue;
            };
            if sub.group != group
                || (kind == Kind::Video && !sub.subscribed_video.contains(&publisher))
            {
                continue;
            }
            if let Some(session) = sub.session.as_mut()
                && session.relay(&publisher, &relay)
            {
                queue.push_back(other);
            }
        }
    }

    /// A publisher's first media of `kind`: every other session gets a track for it.
    fn announce(&mut self, id: MemberId, kind: Kind) {
        let Some(member) = self.members.get_mut(&id) else {
            return;
        };
        member.published_kinds.insert(kind);
        let key = member.key.clone();
        for other in self.others(id) {
            if let Some(session) = self
                .members
                .get_mut(&other)
                .and_then(|m| m.session.as_mut())
                && session.add_outgoing(&key, kind)
            {
                self.renegotiate.insert(other);
            }
        }
    }

    fn flush_negotiations(&mut self) {
        while let Some(id) = self.renegotiate.pop_first() {
            let Some(member) = self.members.get_mut(&id) else {
                continue;
            };
            let Some(session) = member.session.as_mut() else {
                continue;
            };
            if let Some((sdp, tracks)) = session.negotiate() {
                self.outputs.push_back(SfuOutput::Event(SfuEvent::Offer {
                    room: member.room.clone(),
                    peer: member.key.clone(),
                    sdp,
                    tracks,
                }));
            }
        }
    }
}

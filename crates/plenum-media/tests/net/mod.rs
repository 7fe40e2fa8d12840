//! In-memory str0m peers around one [`Sfu`] on a fake clock and a fake network: joining,
//! negotiation, media, timers. Shared by the forwarding tests and the forwarding benchmark;
//! not a test itself.
#![allow(
    clippy::unwrap_used,
    dead_code,
    reason = "test harness: helpers outside #[test] functions, not every user needs every helper"
)]

use plenum_media::{Kind, PeerKey, RoomKey, Sfu, SfuCommand, SfuEvent, SfuOutput};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::format::Codec;
use str0m::media::{
    Direction, Frequency, MediaKind, MediaTime, Mid, Rid, Simulcast, SimulcastLayer,
};
use str0m::net::{Protocol, Receive};
use str0m::rtp::{Extension, ExtensionMap};
use str0m::{Candidate, Event, Input, Output, Rtc};

const SFU_ADDR: &str = "127.0.0.1:5000";

pub struct Client {
    pub key: PeerKey,
    pub addr: SocketAddr,
    pub rtc: Rtc,
    pub pending: Option<SdpPendingOffer>,
    pub audio_mid: Mid,
    pub video_mid: Mid,
    /// The second video transceiver (a screen share), if the client offered one.
    pub screen_mid: Option<Mid>,
    /// mid → publisher, the slot map from the SFU's offers and `Tracks` events.
    pub tracks: HashMap<String, (PeerKey, Kind)>,
    /// (publisher, kind) → frames received.
    pub received: HashMap<(String, Kind), usize>,
    pub keyframe_requests: usize,
    /// mid → RTCP sender reports received for it.
    pub sender_reports: HashMap<String, usize>,
    pub next_timeout: Option<Instant>,
    /// Sends inter frames, and a key frame only first and when asked (otherwise every frame is
    /// a key frame).
    pub inter_frames: bool,
    keyframe_due: bool,
    /// Every frame received: (mid, publisher, key frame, first and last sequence number).
    pub frames: Vec<ReceivedFrame>,
    /// The camera is sent in three simulcast layers ([`LAYERS`]).
    simulcast: bool,
    /// The rids the SFU last asked this client to send (dynacast; `None`: all).
    pub active_layers: Option<Vec<String>>,
    /// A slower downlink from the SFU to this client, if any.
    pub downlink: Option<Link>,
}

/// A bottleneck on the way to a client: datagrams leave one after another at `bits_per_s`,
/// wait at most `queue` in front of it (the rest is dropped) and arrive `delay` later.
#[derive(Debug)]
pub struct Link {
    pub bits_per_s: u64,
    pub queue: Duration,
    pub delay: Duration,
    /// When the link is free again.
    busy_until: Option<Instant>,
    /// (arrival, datagram), in order.
    in_flight: std::collections::VecDeque<(Instant, Vec<u8>)>,
    pub dropped: usize,
}

impl Link {
    pub fn new(bits_per_s: u64, queue: Duration, delay: Duration) -> Link {
        Link {
            bits_per_s,
            queue,
            delay,
            busy_until: None,
            in_flight: Default::default(),
            dropped: 0,
        }
    }

    /// Puts a datagram sent at `now` on the link (or drops it when the queue is full).
    fn send(&mut self, now: Instant, datagram: Vec<u8>) {
        let start = self.busy_until.map_or(now, |b| b.max(now));
        if start.saturating_duration_since(now) > self.queue {
            self.dropped += 1;
            return;
        }
        let bits = u64::try_from(datagram.len()).unwrap() * 8;
        let done = start + Duration::from_micros(bits * 1_000_000 / self.bits_per_s);
        self.busy_until = Some(done);
        self.in_flight.push_back((done + self.delay, datagram));
    }

    fn next_arrival(&self) -> Option<Instant> {
        self.in_flight.front().map(|(t, _)| *t)
    }
}

/// The simulcast layers a client sends with [`Net::join_simulcast`]: rid and frame size, the
/// largest first (as the rids do not say which is which, the SFU must measure). Their key frames
/// announce 640, 320 and 160 pixels of width.
pub const LAYERS: [(&str, usize); 3] = [("f", 2500), ("h", 1200), ("q", 300)];

/// A frame as a client received it on one of its slots.
#[derive(Clone, Debug)]
pub struct ReceivedFrame {
    pub mid: String,
    pub publisher: String,
    pub kind: Kind,
    pub key: bool,
    pub first_seq: u64,
    pub last_seq: u64,
    /// Bytes of the frame.
    pub len: usize,
    /// When it arrived.
    pub at: Instant,
}

pub struct Net {
    pub now: Instant,
    pub sfu: Sfu,
    pub room: RoomKey,
    pub clients: Vec<Client>,
    pub events: Vec<SfuEvent>,
    pub frame_no: u32,
    /// Camera video slots the next joiner asks for.
    video_slots: usize,
    /// The next joiner sends its camera in simulcast layers.
    simulcast: bool,
    /// The next joiner negotiates transport-wide congestion control feedback, so that the SFU
    /// estimates its downlink (off by default: the estimator's pacing wakes every session
    /// every few milliseconds, which a debug build of this harness pays dearly for).
    twcc: bool,
}

pub fn key(s: &str) -> PeerKey {
    PeerKey(Arc::from(s))
}

impl Client {
    /// Hands a datagram from the SFU to the client's str0m.
    fn deliver(&mut self, now: Instant, datagram: &[u8]) {
        let input = Input::Receive(
            now,
            Receive {
                proto: Protocol::Udp,
                source: SFU_ADDR.parse().unwrap(),
                destination: self.addr,
                contents: datagram.try_into().unwrap(),
            },
        );
        self.rtc.handle_input(input).unwrap();
    }

    /// 20 ms of audio at `level` dBov and, on even ticks, a VP8 frame (see
    /// [`Client::inter_frames`]) on every camera and screen transceiver.
    fn write_media(&mut self, now: Instant, n: u32, level: i8) {
        let mut w = self.rtc.writer(self.audio_mid).unwrap();
        let pt = w
            .payload_params()
            .find(|p| p.spec().codec == Codec::Opus)
            .unwrap()
            .pt();
        w = w.audio_level(level, level > -50);
        w.write(
            pt,
            now,
            MediaTime::new(u64::from(n) * 960, Frequency::FORTY_EIGHT_KHZ),
            vec![0xfcu8; 80],
        )
        .unwrap();
        let layers: Vec<(Option<&str>, usize)> = if self.simulcast {
            LAYERS.iter().map(|(rid, len)| (Some(*rid), *len)).collect()
        } else {
            vec![(None, 2500)]
        };
        let videos = std::iter::once((self.video_mid, layers))
            .chain(self.screen_mid.map(|mid| (mid, vec![(None, 2500)])));
        for (mid, layers) in videos.filter(|_| n.is_multiple_of(2)) {
            for (rid, len) in layers {
                if let (Some(rid), Some(active)) = (rid, &self.active_layers)
                    && !active.iter().any(|a| a == rid)
                {
                    continue; // paused by the SFU
                }
                let mut w = self.rtc.writer(mid).unwrap();
                let pt = w
                    .payload_params()
                    .find(|p| p.spec().codec == Codec::Vp8)
                    .unwrap()
                    .pt();
                if let Some(rid) = rid {
                    w = w.rid(Rid::from(rid));
                }
                // A VP8 key frame header (or an inter frame's: P bit set) followed by filler.
                let key = !self.inter_frames || self.keyframe_due;
                let mut frame = vec![0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01];
                if !key {
                    frame[0] |= 0x01;
                }
                let width = u16::try_from(640 * len / 2500).unwrap();
                frame[6..8].copy_from_slice(&width.to_le_bytes());
                frame.resize(len, 0x55);
                w.write(
                    pt,
                    now,
                    MediaTime::new(u64::from(n) * 1800, Frequency::NINETY_KHZ),
                    frame,
                )
                .unwrap();
            }
        }
        if n.is_multiple_of(2) {
            self.keyframe_due = false;
        }
    }
}

impl Net {
    pub fn new() -> Net {
        Net {
            now: Instant::now(),
            sfu: Sfu::new(SFU_ADDR.parse().unwrap()).unwrap(),
            room: RoomKey(Arc::from("room")),
            clients: Vec::new(),
            events: Vec::new(),
            frame_no: 0,
            video_slots: 9,
            simulcast: false,
            twcc: false,
        }
    }

    pub fn client(&mut self, name: &str) -> &mut Client {
        self.clients
            .iter_mut()
            .find(|c| c.key == key(name))
            .unwrap()
    }

    pub fn join(&mut self, name: &str, port: u16) {
        self.join_with(name, port, false);
    }

    /// Joins with audio, camera and (with `screen`) a screen transceiver, in that order.
    pub fn join_with(&mut self, name: &str, port: u16, screen: bool) {
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let mut builder =
            Rtc::builder().set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()));
        if !self.twcc {
            let mut exts = ExtensionMap::empty();
            for (id, ext) in ExtensionMap::standard().iter() {
                if !matches!(ext, Extension::TransportSequenceNumber) {
                    exts.set(id, ext.clone());
                }
            }
            builder = builder.set_extension_map(exts);
        }
        let mut rtc = builder.build(self.now);
        rtc.add_local_candidate(Candidate::host(addr, "udp").unwrap());
        let mut api = rtc.sdp_api();
        let audio_mid = api.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
        let simulcast = self.simulcast.then(|| {
            let mut s = Simulcast::new();
            for (rid, _) in LAYERS {
                s.add_send_layer(SimulcastLayer::new(rid));
            }
            s
        });
        let video_mid = api.add_media(MediaKind::Video, Direction::SendOnly, None, None, simulcast);
        let screen_mid =
            screen.then(|| api.add_media(MediaKind::Video, Direction::SendOnly, None, None, None));
        let (offer, pending) = api.apply().unwrap();
        self.clients.push(Client {
            key: key(name),
            addr,
            rtc,
            pending: Some(pending),
            audio_mid,
            video_mid,
            screen_mid,
            tracks: HashMap::new(),
            received: HashMap::new(),
            keyframe_requests: 0,
            sender_reports: HashMap::new(),
            next_timeout: None,
            inter_frames: false,
            keyframe_due: true,
            frames: Vec::new(),
            simulcast: self.simulcast,
            active_layers: None,
            downlink: None,
        });
        let (room, now) = (self.room.clone(), self.now);
        self.sfu.handle_command(
            now,
            SfuCommand::Offer {
                room: room.clone(),
                peer: key(name),
                command_id: Some(1),
                sdp: offer.to_sdp_string(),
                video_slots: self.video_slots,
            },
        );
        self.sfu.handle_command(
            now,
            SfuCommand::SetPublishing {
                room,
                peer: key(name),
                audio: true,
                video: true,
                screen: true,
            },
        );
        self.settle();
    }

    pub fn command(&mut self, c: SfuCommand) {
        self.sfu.handle_command(self.now, c);
        self.settle();
    }

    /// Delivers every queued datagram and signaling event until nothing moves.
    pub fn settle(&mut self) {
        for _ in 0..10_000 {
            let mut moved = false;
            while let Some(out) = self.sfu.poll_output() {
                moved = true;
                match out {
                    SfuOutput::Transmit {
                        destination,
                        contents,
                    } => {
                        let now = self.now;
                        if let Some(c) = self.clients.iter_mut().find(|c| c.addr == destination) {
                            match c.downlink.as_mut() {
                                Some(link) => link.send(now, contents),
                                None => c.deliver(now, &contents),
                            }
                        }
                    }
                    SfuOutput::Event(e) => self.signal(e),
                }
            }
            let mut datagrams = Vec::new();
            for c in &mut self.clients {
                let now = self.now;
                while let Some(link) = c.downlink.as_mut()
                    && link.next_arrival().is_some_and(|t| t <= now)
                {
                    let (_, datagram) = link.in_flight.pop_front().unwrap();
                    c.deliver(now, &datagram);
                    moved = true;
                }
                loop {
                    match c.rtc.poll_output().unwrap() {
                        Output::Transmit(t) => {
                            datagrams.push((c.addr, Vec::<u8>::from(t.contents)))
                        }
                        Output::Timeout(t) => {
                            c.next_timeout = Some(t);
                            break;
                        }
                        Output::Event(Event::MediaData(d)) => {
                            let (publisher, kind) = c
                                .tracks
                                .get(&d.mid.to_string())
                                .cloned()
                                .expect("media on a known mid");
                            *c.received
                                .entry((publisher.0.to_string(), kind))
                                .or_default() += 1;
                            c.frames.push(ReceivedFrame {
                                mid: d.mid.to_string(),
                                publisher: publisher.0.to_string(),
                                kind,
                                key: kind != Kind::Audio
                                    && d.data.first().is_some_and(|b| b & 0x01 == 0),
                                first_seq: **d.seq_range.start(),
                                last_seq: **d.seq_range.end(),
                                len: d.data.len(),
                                at: self.now,
                            });
                        }
                        Output::Event(Event::KeyframeRequest(_)) => {
                            c.keyframe_requests += 1;
                            c.keyframe_due = true;
                        }
                        Output::Event(Event::SenderFeedback(f)) => {
                            *c.sender_reports.entry(f.mid.to_string()).or_default() += 1;
                        }
                        Output::Event(_) => {}
                    }
                }
            }
            for (source, bytes) in datagrams {
                moved = true;
                self.sfu.handle_receive(self.now, source, &bytes);
            }
            if !moved {
                return;
            }
        }
        panic!("network never settled");
    }

    pub fn signal(&mut self, e: SfuEvent) {
        match &e {
            SfuEvent::Answer { peer, sdp, .. } => {
                let c = self.clients.iter_mut().find(|c| &c.key == peer).unwrap();
                let pending = c.pending.take().expect("client has an offer pending");
                c.rtc
                    .sdp_api()
                    .accept_answer(pending, SdpAnswer::from_sdp_string(sdp).unwrap())
                    .unwrap();
            }
            SfuEvent::Offer {
                peer, sdp, tracks, ..
            } => {
                let c = self.clients.iter_mut().find(|c| &c.key == peer).unwrap();
                c.tracks = tracks
                    .iter()
                    .map(|t| (t.mid.clone(), (t.publisher.clone(), t.kind)))
                    .collect();
                let answer = c
                    .rtc
                    .sdp_api()
                    .accept_offer(SdpOffer::from_sdp_string(sdp).unwrap())
                    .unwrap();
                let (room, peer, sdp) = (self.room.clone(), peer.clone(), answer.to_sdp_string());
                self.sfu.handle_command(
                    self.now,
                    SfuCommand::Answer {
                        room,
                        peer,
                        command_id: None,
                        sdp,
                    },
                );
            }
            SfuEvent::Layers { peer, active, .. } => {
                let c = self.clients.iter_mut().find(|c| &c.key == peer).unwrap();
                c.active_layers = Some(active.clone());
            }
            SfuEvent::Tracks { peer, tracks, .. } => {
                let c = self.clients.iter_mut().find(|c| &c.key == peer).unwrap();
                c.tracks = tracks
                    .iter()
                    .map(|t| (t.mid.clone(), (t.publisher.clone(), t.kind)))
                    .collect();
            }
            _ => {}
        }
        self.events.push(e);
    }

    /// Advances the fake clock by `d`, firing every timer on the way.
    pub fn advance(&mut self, d: Duration) {
        let target = self.now + d;
        loop {
            let next = self
                .clients
                .iter()
                .filter_map(|c| c.next_timeout)
                .chain(
                    self.clients
                        .iter()
                        .filter_map(|c| c.downlink.as_ref()?.next_arrival()),
                )
                .chain(self.sfu.poll_timeout())
                .min();
            let Some(t) = next.filter(|t| *t <= target) else {
                break;
            };
            self.now = self.now.max(t);
            let now = self.now;
            self.sfu.handle_timeout(now);
            for c in &mut self.clients {
                if c.next_timeout.is_some_and(|t| t <= now) {
                    c.next_timeout = None;
                    c.rtc.handle_input(Input::Timeout(now)).unwrap();
                }
            }
            self.settle();
        }
        self.now = target;
    }

    /// Every client sends 20 ms of audio (at `level` dBov) and, every other tick, a video frame.
    pub fn send_media(&mut self, ticks: u32, level: i8) {
        self.send_media_from(None, ticks, level);
    }

    /// As [`Net::send_media`], but only the clients named in `from` send (all with `None`).
    pub fn send_media_from(&mut self, from: Option<&[&str]>, ticks: u32, level: i8) {
        for _ in 0..ticks {
            self.frame_no += 1;
            let (now, n) = (self.now, self.frame_no);
            for c in &mut self.clients {
                if from.is_none_or(|names| names.iter().any(|name| c.key == key(name))) {
                    c.write_media(now, n, level);
                }
            }
            self.settle();
            self.advance(Duration::from_millis(20));
        }
    }

    /// `ticks` of `name`'s media (as [`Net::send_media`] writes it) as the datagrams it sends,
    /// each with the time it was sent, without delivering them: the input of the forwarding
    /// benchmark. The network's clock stays where it is.
    pub fn capture(&mut self, name: &str, ticks: u32) -> (SocketAddr, Vec<(Instant, Vec<u8>)>) {
        let mut datagrams = Vec::new();
        let start = (self.frame_no, self.now);
        let c = self.client(name);
        for n in start.0 + 1..=start.0 + ticks {
            // The client's own clock runs on (20 ms a tick) so that its pacer lets media out.
            let now = start.1 + Duration::from_millis(20) * (n - start.0);
            c.rtc.handle_input(Input::Timeout(now)).unwrap();
            c.write_media(now, n, -20);
            loop {
                match c.rtc.poll_output().unwrap() {
                    Output::Transmit(t) => datagrams.push((now, Vec::<u8>::from(t.contents))),
                    Output::Timeout(t) if t <= now => {
                        c.rtc.handle_input(Input::Timeout(now)).unwrap()
                    }
                    Output::Timeout(_) => break,
                    Output::Event(_) => {}
                }
            }
        }
        self.frame_no += ticks;
        (self.client(name).addr, datagrams)
    }

    pub fn received(&mut self, at: &str, from: &str, kind: Kind) -> usize {
        self.client(at)
            .received
            .get(&(from.to_string(), kind))
            .copied()
            .unwrap_or(0)
    }

    pub fn connect(&mut self) {
        for _ in 0..100 {
            self.advance(Duration::from_millis(50));
        }
    }
}

impl Net {
    /// How many offers the SFU has sent `name`.
    pub fn offers_to(&self, name: &str) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, SfuEvent::Offer { peer, .. } if *peer == key(name)))
            .count()
    }

    /// The SDP of the SFU's last offer to `name`.
    pub fn last_offer_to(&self, name: &str) -> Option<&str> {
        self.events.iter().rev().find_map(|e| match e {
            SfuEvent::Offer { peer, sdp, .. } if *peer == key(name) => Some(sdp.as_str()),
            _ => None,
        })
    }

    /// Subscribes `peer` to the cameras of `publishers`, showing those in `large` large.
    pub fn subscribe(&mut self, peer: &str, publishers: &[&str], large: &[&str]) {
        let room = self.room.clone();
        self.command(SfuCommand::SubscribeVideo {
            room,
            peer: key(peer),
            publishers: publishers.iter().map(|p| key(p)).collect(),
            large: large.iter().map(|p| key(p)).collect(),
        });
    }

    /// Joins `name` sending its camera in the simulcast [`LAYERS`].
    pub fn join_simulcast(&mut self, name: &str, port: u16) {
        self.simulcast = true;
        self.join(name, port);
        self.simulcast = false;
    }

    /// Joins `name` negotiating TWCC feedback: the SFU estimates its downlink.
    pub fn join_with_twcc(&mut self, name: &str, port: u16) {
        self.twcc = true;
        self.join(name, port);
        self.twcc = false;
    }

    /// Joins `name` with `video_slots` camera video slots.
    pub fn join_with_slots(&mut self, name: &str, port: u16, video_slots: usize) {
        self.video_slots = video_slots;
        self.join(name, port);
        self.video_slots = 9;
    }
}

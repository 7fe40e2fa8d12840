//! The SFU between in-memory str0m peers on a fake clock and a fake network: negotiation,
//! forwarding of audio to everyone and video to subscribers only, keyframe requests, mute,
//! speaking detection, removal, and forwarding groups (breakout rooms) that need no new offer.
#![allow(clippy::unwrap_used, reason = "test helpers outside #[test] functions")]

use plenum_media::{Kind, PeerKey, RoomKey, Sfu, SfuCommand, SfuEvent, SfuOutput};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::format::Codec;
use str0m::media::{Direction, Frequency, MediaKind, MediaTime, Mid};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, Input, Output, Rtc};

const SFU_ADDR: &str = "127.0.0.1:5000";

struct Client {
    key: PeerKey,
    addr: SocketAddr,
    rtc: Rtc,
    pending: Option<SdpPendingOffer>,
    audio_mid: Mid,
    video_mid: Mid,
    /// The second video transceiver (a screen share), if the client offered one.
    screen_mid: Option<Mid>,
    /// mid → publisher, from the SFU's offers.
    tracks: HashMap<String, (PeerKey, Kind)>,
    /// (publisher, kind) → frames received.
    received: HashMap<(String, Kind), usize>,
    keyframe_requests: usize,
    next_timeout: Option<Instant>,
}

struct Net {
    now: Instant,
    sfu: Sfu,
    room: RoomKey,
    clients: Vec<Client>,
    events: Vec<SfuEvent>,
    frame_no: u32,
}

fn key(s: &str) -> PeerKey {
    PeerKey(Arc::from(s))
}

impl Net {
    fn new() -> Net {
        Net {
            now: Instant::now(),
            sfu: Sfu::new(SFU_ADDR.parse().unwrap()).unwrap(),
            room: RoomKey(Arc::from("room")),
            clients: Vec::new(),
            events: Vec::new(),
            frame_no: 0,
        }
    }

    fn client(&mut self, name: &str) -> &mut Client {
        self.clients
            .iter_mut()
            .find(|c| c.key == key(name))
            .unwrap()
    }

    fn join(&mut self, name: &str, port: u16) {
        self.join_with(name, port, false);
    }

    /// Joins with audio, camera and (with `screen`) a screen transceiver, in that order.
    fn join_with(&mut self, name: &str, port: u16, screen: bool) {
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let mut rtc = Rtc::builder()
            .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
            .build(self.now);
        rtc.add_local_candidate(Candidate::host(addr, "udp").unwrap());
        let mut api = rtc.sdp_api();
        let audio_mid = api.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
        let video_mid = api.add_media(MediaKind::Video, Direction::SendOnly, None, None, None);
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
            next_timeout: None,
        });
        let (room, now) = (self.room.clone(), self.now);
        self.sfu.handle_command(
            now,
            SfuCommand::Offer {
                room: room.clone(),
                peer: key(name),
                command_id: Some(1),
                sdp: offer.to_sdp_string(),
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

    fn command(&mut self, c: SfuCommand) {
        self.sfu.handle_command(self.now, c);
        self.settle();
    }

    /// Delivers every queued datagram and signaling event until nothing moves.
    fn settle(&mut self) {
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
                            let input = Input::Receive(
                                now,
                                Receive {
                                    proto: Protocol::Udp,
                                    source: SFU_ADDR.parse().unwrap(),
                                    destination,
                                    contents: contents.as_slice().try_into().unwrap(),
                                },
                            );
                            c.rtc.handle_input(input).unwrap();
                        }
                    }
                    SfuOutput::Event(e) => self.signal(e),
                }
            }
            let mut datagrams = Vec::new();
            for c in &mut self.clients {
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
                        }
                        Output::Event(Event::KeyframeRequest(_)) => c.keyframe_requests += 1,
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

    fn signal(&mut self, e: SfuEvent) {
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
            _ => {}
        }
        self.events.push(e);
    }

    /// Advances the fake clock by `d`, firing every timer on the way.
    fn advance(&mut self, d: Duration) {
        let target = self.now + d;
        loop {
            let next = self
                .clients
                .iter()
                .filter_map(|c| c.next_timeout)
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
    fn send_media(&mut self, ticks: u32, level: i8) {
        for _ in 0..ticks {
            self.frame_no += 1;
            let (now, n) = (self.now, self.frame_no);
            for c in &mut self.clients {
                let mut w = c.rtc.writer(c.audio_mid).unwrap();
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
                let videos = std::iter::once(c.video_mid).chain(c.screen_mid);
                for mid in videos.filter(|_| n % 2 == 0) {
                    let w = c.rtc.writer(mid).unwrap();
                    let pt = w
                        .payload_params()
                        .find(|p| p.spec().codec == Codec::Vp8)
                        .unwrap()
                        .pt();
                    // A VP8 key frame header followed by filler.
                    let mut frame =
                        vec![0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01];
                    frame.resize(2500, 0x55);
                    w.write(
                        pt,
                        now,
                        MediaTime::new(u64::from(n) * 1800, Frequency::NINETY_KHZ),
                        frame,
                    )
                    .unwrap();
                }
            }
            self.settle();
            self.advance(Duration::from_millis(20));
        }
    }

    fn received(&mut self, at: &str, from: &str, kind: Kind) -> usize {
        self.client(at)
            .received
            .get(&(from.to_string(), kind))
            .copied()
            .unwrap_or(0)
    }

    fn connect(&mut self) {
        for _ in 0..100 {
            self.advance(Duration::from_millis(50));
        }
    }
}

#[test]
fn audio_goes_to_everyone_and_video_only_to_subscribers() {
    let mut net = Net::new();
    net.join("a", 6001);
    net.join("b", 6002);
    net.join("c", 6003);
    net.connect();
    let room = net.room.clone();
    net.command(SfuCommand::SubscribeVideo {
        room: room.clone(),
        peer: key("b"),
        publishers: vec![key("a")],
    });
    net.send_media(50, -20);

    assert!(net.received("b", "a", Kind::Audio) > 20, "b hears a");
    assert!(net.received("b", "c", Kind::Audio) > 20, "b hears c");
    assert!(net.received("a", "b", Kind::Audio) > 20, "a hears b");
    assert!(
        net.received("b", "a", Kind::Video) > 10,
        "b sees a (subscribed)"
    );
    assert_eq!(
        net.received("b", "c", Kind::Video),
        0,
        "b does not get c's video"
    );
    assert_eq!(
        net.received("c", "a", Kind::Video),
        0,
        "c subscribed to nobody"
    );
    assert_eq!(
        net.received("a", "a", Kind::Audio),
        0,
        "nobody hears themselves"
    );
    assert!(
        net.client("a").keyframe_requests >= 1,
        "a was asked for a keyframe when b subscribed"
    );
    assert!(net.events.iter().any(
        |e| matches!(e, SfuEvent::Speaking { peer, speaking: true, .. } if *peer == key("a"))
    ));
}

#[test]
fn muted_publishers_are_not_forwarded_and_stop_speaking() {
    let mut net = Net::new();
    net.join("a", 6001);
    net.join("b", 6002);
    net.connect();
    let room = net.room.clone();
    net.send_media(20, -20);
    assert!(net.events.iter().any(
        |e| matches!(e, SfuEvent::Speaking { peer, speaking: true, .. } if *peer == key("a"))
    ));
    net.events.clear();
    net.command(SfuCommand::SetPublishing {
        room,
        peer: key("a"),
        audio: false,
        video: true,
        screen: false,
    });
    assert!(net.events.iter().any(
        |e| matches!(e, SfuEvent::Speaking { peer, speaking: false, .. } if *peer == key("a"))
    ));
    let before = net.received("b", "a", Kind::Audio);
    net.send_media(30, -20);
    assert_eq!(
        net.received("b", "a", Kind::Audio),
        before,
        "no audio from a muted publisher"
    );
    assert!(
        net.received("a", "b", Kind::Audio) > before,
        "the other direction still flows"
    );
}

#[test]
fn removing_a_peer_stops_its_tracks_everywhere() {
    let mut net = Net::new();
    net.join("a", 6001);
    net.join("b", 6002);
    net.connect();
    assert!(
        net.client("b").tracks.is_empty(),
        "no tracks before anyone sends media"
    );
    net.send_media(4, -90);
    assert_eq!(
        net.client("b").tracks.len(),
        2,
        "b receives a's audio and video"
    );
    let room = net.room.clone();
    net.command(SfuCommand::RemovePeer {
        room,
        peer: key("a"),
    });
    assert!(
        net.client("b").tracks.is_empty(),
        "b was offered the stop of a's tracks"
    );
    assert_eq!(net.sfu.session_count(), 1);
}

#[test]
fn a_shared_screen_goes_to_everyone_as_its_own_track_while_allowed() {
    let mut net = Net::new();
    net.join_with("a", 6001, true);
    net.join("b", 6002);
    net.join("c", 6003);
    net.connect();
    net.send_media(50, -90);
    // Nobody subscribed to a's camera, yet everyone gets a's screen, on a track of its own.
    for at in ["b", "c"] {
        assert!(
            net.received(at, "a", Kind::Screen) > 10,
            "{at} sees a's screen"
        );
        assert_eq!(
            net.received(at, "a", Kind::Video),
            0,
            "{at} did not ask for a's camera"
        );
        let kinds: Vec<Kind> = net
            .client(at)
            .tracks
            .values()
            .filter(|(p, _)| *p == key("a"))
            .map(|(_, k)| *k)
            .collect();
        assert!(
            kinds.contains(&Kind::Screen) && kinds.contains(&Kind::Video),
            "{kinds:?}"
        );
    }
    assert!(
        net.client("a").keyframe_requests >= 1,
        "the screen's first frames were asked for as a keyframe"
    );
    // The room stops the share: no more screen frames, the camera is untouched.
    let room = net.room.clone();
    net.command(SfuCommand::SetPublishing {
        room: room.clone(),
        peer: key("a"),
        audio: true,
        video: true,
        screen: false,
    });
    let before = net.received("b", "a", Kind::Screen);
    net.command(SfuCommand::SubscribeVideo {
        room,
        peer: key("b"),
        publishers: vec![key("a")],
    });
    net.send_media(30, -90);
    assert_eq!(net.received("b", "a", Kind::Screen), before);
    assert!(net.received("b", "a", Kind::Video) > 10);
}

#[test]
fn garbage_offers_and_unsolicited_answers_are_rejected() {
    let mut net = Net::new();
    let room = net.room.clone();
    net.command(SfuCommand::Offer {
        room: room.clone(),
        peer: key("x"),
        command_id: Some(4),
        sdp: "not sdp".into(),
    });
    net.command(SfuCommand::Answer {
        room,
        peer: key("y"),
        command_id: Some(5),
        sdp: "v=0".into(),
    });
    let rejected: Vec<_> = net
        .events
        .iter()
        .filter_map(|e| match e {
            SfuEvent::Rejected { command_id, .. } => *command_id,
            _ => None,
        })
        .collect();
    assert_eq!(rejected, vec![4, 5]);
    // Random datagrams from strangers change nothing.
    net.sfu.handle_receive(
        net.now,
        "127.0.0.1:9".parse().unwrap(),
        &[0x80, 0x60, 0, 1, 0, 0, 0, 1],
    );
    net.sfu
        .handle_receive(net.now, "127.0.0.1:9".parse().unwrap(), &[]);
    assert!(net.sfu.poll_output().is_none());
}

#[test]
fn forwarding_groups_split_a_room_without_a_new_offer() {
    let mut net = Net::new();
    for (name, port) in [("a", 6001), ("b", 6002), ("c", 6003), ("d", 6004)] {
        net.join(name, port);
    }
    net.connect();
    let room = net.room.clone();
    for (peer, publishers) in [("a", ["b", "c"]), ("c", ["a", "d"])] {
        net.command(SfuCommand::SubscribeVideo {
            room: room.clone(),
            peer: key(peer),
            publishers: publishers.iter().map(|p| key(p)).collect(),
        });
    }
    net.send_media(10, -20);
    let offers = |net: &Net| {
        net.events
            .iter()
            .filter(|e| matches!(e, SfuEvent::Offer { .. }))
            .count()
    };
    let offers_before = offers(&net);

    // Two breakout rooms: a and b in group 1, c and d in group 2.
    for (peer, group) in [("a", 1), ("b", 1), ("c", 2), ("d", 2)] {
        net.command(SfuCommand::SetGroup {
            room: room.clone(),
            peer: key(peer),
            group: Some(group),
        });
    }
    let heard = |net: &mut Net| -> Vec<(&str, &str, usize)> {
        let mut v = Vec::new();
        for at in ["a", "b", "c", "d"] {
            for from in ["a", "b", "c", "d"] {
                v.push((at, from, net.received(at, from, Kind::Audio)));
            }
        }
        v
    };
    let before = heard(&mut net);
    let ac_before = net.received("a", "c", Kind::Video);
    net.send_media(50, -20);
    let after = heard(&mut net);
    for ((at, from, b), (_, _, a)) in before.iter().zip(&after) {
        let same_group = matches!(
            (*at, *from),
            ("a" | "b", "a" | "b") | ("c" | "d", "c" | "d")
        );
        if at == from {
            continue;
        }
        if same_group {
            assert!(a - b > 20, "{at} hears {from} within the group");
        } else {
            assert_eq!(a, b, "{at} must not hear {from} across groups");
        }
    }
    assert_eq!(
        offers(&net),
        offers_before,
        "moving between groups needs no renegotiation"
    );
    let seen = |net: &mut Net| {
        (
            net.received("a", "b", Kind::Video),
            net.received("a", "c", Kind::Video),
        )
    };
    let (ab, ac) = seen(&mut net);
    assert_eq!(ac, ac_before, "a does not see c across groups");
    assert!(ab > 10, "a sees b within the group");

    // c visits group 1: hears and sees a and b now, and no longer d.
    net.command(SfuCommand::SetGroup {
        room: room.clone(),
        peer: key("c"),
        group: Some(1),
    });
    let (ca, cd) = (
        net.received("c", "a", Kind::Audio),
        net.received("c", "d", Kind::Audio),
    );
    net.send_media(50, -20);
    assert!(net.received("c", "a", Kind::Audio) - ca > 20, "c hears a");
    assert_eq!(net.received("c", "d", Kind::Audio), cd, "c left d's group");
    assert!(net.received("a", "c", Kind::Video) > ac, "a sees c again");
    assert!(net.received("a", "b", Kind::Video) > ab, "a still sees b");

    // Back to the main group together.
    for peer in ["a", "b", "c", "d"] {
        net.command(SfuCommand::SetGroup {
            room: room.clone(),
            peer: key(peer),
            group: None,
        });
    }
    let da = net.received("d", "a", Kind::Audio);
    net.send_media(30, -20);
    assert!(
        net.received("d", "a", Kind::Audio) - da > 10,
        "all together"
    );
    assert_eq!(offers(&net), offers_before, "still no new offer");
}

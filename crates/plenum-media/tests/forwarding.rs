//! The SFU between in-memory str0m peers on a fake clock and a fake network: negotiation,
//! forwarding of audio to everyone and video to subscribers only, keyframe requests, mute,
//! speaking detection, removal, and forwarding groups (breakout rooms) that need no new offer.

mod net;

use net::{Net, key};
use plenum_media::{Kind, SfuCommand, SfuEvent};

#[test]
fn audio_goes_to_everyone_and_video_only_to_subscribers() {
    let mut net = Net::new();
    net.join("a", 6001);
    net.join("b", 6002);
    net.join("c", 6003);
    net.connect();
    net.subscribe("b", &["a"], &[]);
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
fn removing_a_peer_frees_its_slots_everywhere_without_an_offer() {
    let mut net = Net::new();
    net.join("a", 6001);
    net.join("b", 6002);
    net.connect();
    assert!(
        net.client("b").tracks.is_empty(),
        "no slot carries anyone before media flows"
    );
    let room = net.room.clone();
    net.subscribe("b", &["a"], &[]);
    net.send_media(4, -90);
    assert_eq!(
        net.client("b").tracks.len(),
        2,
        "b's slots carry a's audio and video"
    );
    let offers = net.offers_to("b");
    net.command(SfuCommand::RemovePeer {
        room,
        peer: key("a"),
    });
    assert!(
        net.client("b").tracks.is_empty(),
        "b was told that its slots carry nobody now"
    );
    assert_eq!(net.offers_to("b"), offers, "and was not renegotiated");
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
            kinds.contains(&Kind::Screen) && !kinds.contains(&Kind::Video),
            "{kinds:?}"
        );
    }
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
    net.subscribe("b", &["a"], &[]);
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
        video_slots: 9,
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
        net.subscribe(peer, &publishers, &[]);
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

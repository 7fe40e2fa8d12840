//! Receive slots between in-memory str0m peers: joining and leaving renegotiate nobody and the
//! SDP does not grow with the room; a slot stays one continuous stream when its source changes
//! and shows a new source from its key frame on; a slot carries the simulcast layer for the size
//! it is shown at and switches layers at a key frame; only the loudest voices are forwarded (a
//! speaker, too, hears three others) while everyone's speaking is measured; a slot that never
//! carried media sends no RTCP sender reports.

mod net;

use net::{LAYERS, Net, ReceivedFrame, key};
use plenum_media::{AUDIO_SLOTS, Kind, SfuCommand, SfuEvent};
use std::collections::BTreeSet;

/// The camera frames `at` received from `from`, from the `skip`th on.
fn camera_frames(net: &mut Net, at: &str, from: &str, skip: usize) -> Vec<ReceivedFrame> {
    net.client(at)
        .frames
        .iter()
        .skip(skip)
        .filter(|f| f.kind == Kind::Video && f.publisher == from)
        .cloned()
        .collect()
}

#[test]
fn joining_and_leaving_renegotiate_nobody_and_the_sdp_does_not_grow() {
    let mut net = Net::new();
    net.join("a", 6001);
    net.connect();
    assert_eq!(net.offers_to("a"), 1, "a's slots were offered once");
    let first = net.last_offer_to("a").expect("an offer").len();
    let names: Vec<String> = (0..12).map(|i| format!("p{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        net.join(name, 6100 + u16::try_from(i).expect("few"));
    }
    net.connect();
    let shown: Vec<&str> = names.iter().map(String::as_str).collect();
    net.subscribe("a", &shown, &[]);
    net.send_media(20, -20);
    assert!(net.received("a", "p0", Kind::Video) > 5, "a sees p0");
    let room = net.room.clone();
    for gone in &names[..4] {
        net.command(SfuCommand::RemovePeer {
            room: room.clone(),
            peer: key(gone),
        });
    }
    net.send_media(20, -20);
    assert_eq!(
        net.offers_to("a"),
        1,
        "nobody's join or leave renegotiated a"
    );
    let last = net.last_offer_to("p11").expect("an offer").len();
    // Three audio slots, a screen slot and nine camera slots, each m-line with Opus, or VP8 and
    // H.264 with their retransmission types.
    assert!(last < 25_000, "{last} bytes");

    assert!(
        first.abs_diff(last) < 64,
        "the offer to the 13th is as long as to the first: {first} and {last} bytes"
    );
    // The slots freed by those who left went to the subscriptions beyond the first nine.
    assert!(net.received("a", "p11", Kind::Video) > 5, "a now sees p11");
}

#[test]
fn a_slot_stays_one_continuous_stream_when_its_source_changes() {
    let mut net = Net::new();
    net.join_with_slots("a", 6001, 1);
    net.join("b", 6002);
    net.join("c", 6003);
    net.connect();
    net.subscribe("a", &["b"], &[]);
    net.send_media(20, -20);
    net.subscribe("a", &["c"], &[]);
    net.send_media(20, -20);
    let video: Vec<_> = net
        .client("a")
        .frames
        .iter()
        .filter(|f| f.kind == Kind::Video)
        .cloned()
        .collect();
    let mids: BTreeSet<&str> = video.iter().map(|f| f.mid.as_str()).collect();
    assert_eq!(mids.len(), 1, "one slot carried both");
    let from: Vec<&str> = video.iter().map(|f| f.publisher.as_str()).collect();
    assert!(
        from.first() == Some(&"b") && from.last() == Some(&"c"),
        "{from:?}"
    );
    for pair in video.windows(2) {
        assert_eq!(
            pair[1].first_seq,
            pair[0].last_seq + 1,
            "no hole and no overlap in the slot's numbering: {pair:?}"
        );
    }
}

#[test]
fn a_new_source_is_shown_from_its_key_frame_on() {
    let mut net = Net::new();
    net.join_with_slots("a", 6001, 1);
    net.join("b", 6002);
    net.join("c", 6003);
    net.connect();
    net.send_media(4, -20);
    for name in ["b", "c"] {
        net.client(name).inter_frames = true;
    }
    net.subscribe("a", &["b"], &[]);
    net.send_media(20, -20);
    let asked = net.client("c").keyframe_requests;
    net.subscribe("a", &["c"], &[]);
    net.send_media(20, -20);
    assert!(net.client("c").keyframe_requests > asked, "c was asked");
    let from_c: Vec<bool> = net
        .client("a")
        .frames
        .iter()
        .filter(|f| f.kind == Kind::Video && f.publisher == "c")
        .map(|f| f.key)
        .collect();
    assert!(from_c.len() > 3, "a sees c");
    assert!(from_c[0], "the first frame of c at a is a key frame");
    assert!(
        from_c[1..].iter().all(|key| !key),
        "then inter frames follow (only one key frame was asked for)"
    );
}

#[test]
fn only_the_loudest_are_heard_but_everyone_is_measured() {
    let mut net = Net::new();
    for (i, name) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
        net.join(name, 6001 + u16::try_from(i).expect("few"));
    }
    net.connect();
    net.events.clear();
    let speakers = ["b", "c", "d", "e"];
    net.send_media_from(Some(&speakers), 50, -20);
    let heard: Vec<&str> = speakers
        .into_iter()
        .filter(|s| net.received("a", s, Kind::Audio) > 0)
        .collect();
    assert_eq!(heard.len(), AUDIO_SLOTS, "a hears three of four: {heard:?}");
    for s in speakers {
        let others = speakers
            .into_iter()
            .filter(|o| *o != s && net.received(s, o, Kind::Audio) > 0)
            .count();
        assert_eq!(others, 3, "{s}, speaking too, hears the three others");
    }
    for s in speakers {
        assert!(
            net.events.iter().any(|e| matches!(
                e, SfuEvent::Speaking { peer, speaking: true, .. } if *peer == key(s)
            )),
            "{s}'s speaking is measured, heard or not"
        );
    }
    let unheard = speakers
        .into_iter()
        .find(|s| !heard.contains(s))
        .expect("one was not heard");
    // The others fall silent; after the hold the fourth voice takes a slot.
    net.send_media_from(Some(&[unheard]), 100, -20);
    assert!(
        net.received("a", unheard, Kind::Audio) > 10,
        "{unheard} heard now"
    );
    let audio_slots = net
        .client("a")
        .tracks
        .values()
        .filter(|(_, k)| *k == Kind::Audio)
        .count();
    assert!(audio_slots <= AUDIO_SLOTS);
    assert_eq!(
        net.offers_to("a"),
        0,
        "no offer since the slots were negotiated"
    );
}

#[test]
fn a_slot_carries_the_layer_for_its_size_and_switches_at_a_key_frame() {
    let [(_, large), _, (_, small)] = LAYERS;
    let mut net = Net::new();
    net.join_with_slots("a", 6001, 1);
    net.join_simulcast("b", 6002);
    net.connect();
    net.client("b").inter_frames = true;
    net.subscribe("a", &["b"], &[]);
    // Two seconds: the SFU has measured the layers and carries the smallest on the small tile.
    net.send_media_from(Some(&["b"]), 100, -20);
    let tile = camera_frames(&mut net, "a", "b", 0);
    assert!(
        tile.iter().rev().take(20).all(|f| f.len == small),
        "a small tile gets the smallest layer: {:?}",
        tile.iter()
            .rev()
            .take(20)
            .map(|f| f.len)
            .collect::<Vec<_>>()
    );
    // Now a shows b large: the small layer stays on air until the large one's key frame.
    let seen = net.client("a").frames.len();
    net.subscribe("a", &["b"], &["b"]);
    net.send_media_from(Some(&["b"]), 50, -20);
    let after = camera_frames(&mut net, "a", "b", seen);
    let switch = after
        .iter()
        .position(|f| f.len == large)
        .expect("the large layer arrives");
    assert!(after[switch].key, "the switch happens at a key frame");
    assert!(after[..switch].iter().all(|f| f.len == small));
    assert!(after[switch..].iter().all(|f| f.len == large));
    let all = camera_frames(&mut net, "a", "b", 0);
    for pair in all.windows(2) {
        assert_eq!(
            pair[1].first_seq,
            pair[0].last_seq + 1,
            "one continuous stream across the layer switches: {pair:?}"
        );
    }
    assert_eq!(net.offers_to("a"), 1, "without renegotiation");
}

#[test]
fn only_slots_that_carry_media_send_sender_reports() {
    let mut net = Net::new();
    net.join("p", 6001);
    net.join("s", 6002);
    net.connect();
    net.subscribe("s", &["p"], &[]);
    net.send_media(150, -20);
    let s = net.client("s");
    let carrying: BTreeSet<&str> = s.frames.iter().map(|f| f.mid.as_str()).collect();
    let reported: BTreeSet<&str> = s.sender_reports.keys().map(String::as_str).collect();
    assert_eq!(
        carrying.len(),
        2,
        "p's voice and camera reached s: {carrying:?}"
    );
    // s has three audio slots, a screen slot and nine camera slots: eleven stay idle.
    assert_eq!(
        reported, carrying,
        "sender reports come for the slots that carry media, and only for them"
    );
}

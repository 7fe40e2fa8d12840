//! Whatever arrives on the media port or as SDP, the SFU neither panics nor forwards it.

use plenum_media::{PeerKey, RoomKey, Sfu, SfuCommand, SfuEvent, SfuOutput};
use proptest::prelude::*;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn key(s: &str) -> PeerKey {
    PeerKey(Arc::from(s))
}

/// An SFU with one peer whose session was set up from a real browser-like offer.
fn sfu_with_a_session() -> (Sfu, Instant) {
    let now = Instant::now();
    let mut sfu = Sfu::new("127.0.0.1:5000".parse().expect("valid address")).expect("sfu starts");
    let mut client = str0m::Rtc::builder()
        .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
        .build(now);
    let mut api = client.sdp_api();
    api.add_media(
        str0m::media::MediaKind::Audio,
        str0m::media::Direction::SendOnly,
        None,
        None,
        None,
    );
    let (offer, _) = api.apply().expect("an offer with one track");
    let room = RoomKey(Arc::from("r"));
    sfu.handle_command(
        now,
        SfuCommand::Offer {
            room,
            peer: key("p"),
            command_id: None,
            sdp: offer.to_sdp_string(),
            video_slots: 9,
        },
    );
    let mut answered = false;
    while let Some(out) = sfu.poll_output() {
        answered |= matches!(out, SfuOutput::Event(SfuEvent::Answer { .. }));
    }
    assert!(answered);
    (sfu, now)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_datagrams_are_harmless(
        packets in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..1500), 1..20),
        // First bytes that steer str0m's demultiplexer into STUN, DTLS and RTP/RTCP parsing.
        prefixes in prop::collection::vec(prop_oneof![Just(0u8), Just(1), Just(20), Just(22), Just(23), Just(0x80), Just(0x90), Just(0xc8)], 20),
    ) {
        let (mut sfu, now) = sfu_with_a_session();
        for (i, mut p) in packets.into_iter().enumerate() {
            if let Some(first) = p.first_mut() {
                *first = prefixes[i];
            }
            sfu.handle_receive(now, "127.0.0.1:6000".parse().expect("valid address"), &p);
            sfu.handle_timeout(now + Duration::from_millis(i as u64));
            while let Some(out) = sfu.poll_output() {
                // Nothing a stranger sends is forwarded as media or reported as an event.
                let unexpected = matches!(out, SfuOutput::Event(SfuEvent::Offer { .. } | SfuEvent::Speaking { .. }));
                prop_assert!(!unexpected, "unexpected output {:?}", out);
            }
        }
    }

    #[test]
    fn arbitrary_sdp_is_rejected_or_accepted_never_panics(
        lines in prop::collection::vec("(v=0|o=- 1 1 IN IP4 0.0.0.0|s=-|t=0 0|m=(audio|video) 9 UDP/TLS/RTP/SAVPF 111|a=[a-z-]{1,12}(:[ -~]{0,40})?|c=IN IP4 0.0.0.0|[ -~]{0,60})", 0..30),
    ) {
        let mut sfu = Sfu::new("127.0.0.1:5000".parse().expect("valid address")).expect("sfu starts");
        let sdp = lines.join("\r\n");
        let room = RoomKey(Arc::from("r"));
        sfu.handle_command(Instant::now(), SfuCommand::Offer { room: room.clone(), peer: key("p"), command_id: Some(1), sdp: sdp.clone(), video_slots: 9 });
        sfu.handle_command(Instant::now(), SfuCommand::Answer { room, peer: key("p"), command_id: Some(2), sdp });
        while sfu.poll_output().is_some() {}
    }
}

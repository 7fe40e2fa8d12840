//! Own microphone/camera state, speaking, and the media namespace's routing and checks.

mod harness;

use harness::{TestRoom, pid, track};
use plenum_core::{Input, MediaNotice, MediaRequest};
use plenum_protocol::control::{ControlCommand, ControlEvent};
use plenum_protocol::media::{MediaCommand, MediaEvent, TrackKind};
use plenum_protocol::{ErrorCode, ServerEvent};

#[test]
fn muting_is_broadcast_and_stops_forwarding() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let b = t.join("b");
    t.control(
        a,
        ControlCommand::UpdateMedia {
            audio: true,
            video: true,
            screen: false,
        },
    );
    t.take();
    t.control(
        a,
        ControlCommand::UpdateMedia {
            audio: false,
            video: true,
            screen: false,
        },
    );
    let out = t.take();
    assert!(
        out.contains(&plenum_core::Output::Media(MediaRequest::SetPublishing {
            participant: pid("a"),
            audio: false,
            video: true,
            screen: false
        }))
    );
    assert!(out.iter().any(|o| matches!(o, plenum_core::Output::Send { to, event: ServerEvent::Control(ControlEvent::ParticipantUpdated { participant }), .. } if to.contains(&b) && to.contains(&a) && !participant.audio)));
    // Repeating the same state is a no-op.
    t.control(
        a,
        ControlCommand::UpdateMedia {
            audio: false,
            video: true,
            screen: false,
        },
    );
    assert!(t.take().is_empty());
}

#[test]
fn speaking_needs_an_open_microphone() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let b = t.join("b");
    t.take();
    t.input(Input::Media(MediaNotice::Speaking {
        participant: pid("a"),
        speaking: true,
        at: t.now,
    }));
    assert!(t.take().is_empty(), "muted participants never speak");
    t.control(
        a,
        ControlCommand::UpdateMedia {
            audio: true,
            video: false,
            screen: false,
        },
    );
    t.take();
    t.input(Input::Media(MediaNotice::Speaking {
        participant: pid("a"),
        speaking: true,
        at: t.now,
    }));
    let to_b = t.control_events_to(b);
    assert!(
        matches!(&to_b[..], [ControlEvent::ParticipantUpdated { participant }] if participant.speaking)
    );
    t.control(
        a,
        ControlCommand::UpdateMedia {
            audio: false,
            video: false,
            screen: false,
        },
    );
    assert!(
        matches!(&t.control_events_to(b)[..], [ControlEvent::ParticipantUpdated { participant }] if !participant.speaking)
    );
}

#[test]
fn offers_and_answers_are_routed_with_their_ids() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    t.take();
    t.media(
        a,
        MediaCommand::Offer {
            sdp: "offer".into(),
            video_slots: None,
        },
    );
    assert_eq!(
        t.media_requests(),
        vec![MediaRequest::Offer {
            participant: pid("a"),
            command_id: Some(1),
            sdp: "offer".into(),
            video_slots: 9,
        }]
    );
    t.input(Input::Media(MediaNotice::Answer {
        participant: pid("a"),
        command_id: Some(1),
        sdp: "answer".into(),
    }));
    assert!(t.take().iter().any(|o| matches!(o, plenum_core::Output::Send { to, id: Some(1), event: ServerEvent::Media(MediaEvent::Answer { sdp }) } if to == &vec![a] && sdp == "answer")));
    t.input(Input::Media(MediaNotice::Rejected {
        participant: pid("a"),
        command_id: Some(7),
        reason: "bad sdp".into(),
    }));
    assert!(t.take().iter().any(|o| matches!(o, plenum_core::Output::Send { id: Some(7), event: ServerEvent::Error(e), .. } if e.code() == ErrorCode::MediaRejected)));
}

#[test]
fn subscriptions_name_only_other_present_participants() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let _b = t.join("b");
    t.take();
    t.media(
        a,
        MediaCommand::Subscribe {
            video: vec![pid("a"), pid("b"), pid("ghost"), pid("b")],
            large: Some(vec![pid("b"), pid("ghost")]),
        },
    );
    let out = t.take();
    // The answer (with the command's id) says what was taken and which ids are unknown.
    assert!(out.contains(&plenum_core::Output::Send {
        to: vec![a],
        id: Some(1),
        event: ServerEvent::Media(MediaEvent::Subscribed {
            video: vec![pid("b")],
            unknown: vec![pid("ghost")],
        }),
    }));
    t.out = out;
    assert_eq!(
        t.media_requests(),
        vec![MediaRequest::SubscribeVideo {
            participant: pid("a"),
            publishers: vec![pid("b")],
            large: vec![pid("b")],
        }]
    );
}

#[test]
fn commands_before_join_and_second_join_are_refused() {
    let mut t = TestRoom::new();
    let stranger = t.new_conn();
    t.control(stranger, ControlCommand::Ping);
    assert!(t.take().iter().any(|o| matches!(o, plenum_core::Output::Send { event: ServerEvent::Error(e), .. } if e.code() == ErrorCode::NotJoined)));
    let a = t.join("a");
    t.take();
    t.control(
        a,
        ControlCommand::Join {
            ticket: "x".into(),
            audio: false,
            video: false,
        },
    );
    assert!(t.take().iter().any(|o| matches!(o, plenum_core::Output::Send { event: ServerEvent::Error(e), .. } if e.code() == ErrorCode::NotJoined)));
    assert_eq!(t.names(), ["a"]);
}

#[test]
fn subscriptions_keep_the_clients_order_up_to_the_cap() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let names: Vec<String> = (0..60).map(|i| format!("p{:02}", 59 - i)).collect();
    for n in &names {
        t.join(n);
    }
    t.take();
    t.media(
        a,
        MediaCommand::Subscribe {
            video: names.iter().map(|n| pid(n)).collect(),
            large: None,
        },
    );
    let [MediaRequest::SubscribeVideo { publishers, .. }] = &t.media_requests()[..] else {
        panic!("one subscription expected")
    };
    assert_eq!(publishers.len(), 49);
    assert_eq!(
        publishers.first(),
        Some(&pid("p59")),
        "the client's first, not the smallest id"
    );
}

/// What `name` enters with when asking for microphone and camera, as `joined` and the others
/// see it, and what the media engine is told.
fn enter_with_media(t: &mut TestRoom, name: &str) -> (bool, bool, Vec<MediaRequest>) {
    let mut ticket = t.ticket(name, &[plenum_protocol::control::Role::Participant]);
    ticket.media = plenum_core::InitialMedia {
        audio: true,
        video: true,
    };
    let conn = t.join_with(ticket);
    let out = t.take();
    let media = out
        .iter()
        .filter_map(|o| match o {
            plenum_core::Output::Media(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let me = out.iter().find_map(|o| match o {
        plenum_core::Output::Send {
            to,
            event: ServerEvent::Control(ControlEvent::Joined { participants, .. }),
            ..
        } if to.contains(&conn) => participants.iter().find(|p| p.id == pid(name)).cloned(),
        _ => None,
    });
    let me = me.expect("joined lists the joiner");
    (me.audio, me.video, media)
}

#[test]
fn the_join_command_sets_the_initial_media_within_the_policy() {
    let mut t = TestRoom::new();
    t.join("early");
    let (audio, video, media) = enter_with_media(&mut t, "a");
    assert_eq!((audio, video), (true, true));
    assert_eq!(
        media,
        [MediaRequest::SetPublishing {
            participant: pid("a"),
            audio: true,
            video: true,
            screen: false
        }],
        "forwarded from the start, without update_media"
    );
    // A meeting that mutes newcomers grants the camera, not the microphone.
    t.policy.version = 1;
    t.policy.mute_on_entry = true;
    let (audio, video, media) = enter_with_media(&mut t, "b");
    assert_eq!((audio, video), (false, true));
    assert_eq!(
        media,
        [MediaRequest::SetPublishing {
            participant: pid("b"),
            audio: false,
            video: true,
            screen: false
        }]
    );
    // Without a wish, nothing is forwarded (as before).
    t.take();
    t.join("c");
    assert!(
        t.media_requests().is_empty(),
        "no media for someone who asked for none"
    );
}

#[test]
fn video_slots_are_bounded_and_the_slot_map_reaches_only_its_owner() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    t.join("b");
    t.take();
    t.media(
        a,
        MediaCommand::Offer {
            sdp: "offer".into(),
            video_slots: Some(26),
        },
    );
    assert!(t.media_requests().is_empty(), "26 video slots are refused");
    t.media(
        a,
        MediaCommand::Offer {
            sdp: "offer".into(),
            video_slots: Some(2),
        },
    );
    assert!(matches!(
        t.media_requests().as_slice(),
        [MediaRequest::Offer { video_slots: 2, .. }]
    ));
    let map = vec![track("1", "b", TrackKind::Audio)];
    t.input(Input::Media(MediaNotice::Tracks {
        participant: pid("a"),
        tracks: map,
    }));
    let sent: Vec<_> = t
        .take()
        .into_iter()
        .filter_map(|o| match o {
            plenum_core::Output::Send {
                to,
                event: ServerEvent::Media(MediaEvent::Tracks { tracks }),
                ..
            } => Some((to, tracks)),
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, vec![a]);
    assert_eq!(sent[0].1[0].participant_id, pid("b"));
}

//! Losing the connection, the grace period and resuming, driven by the fake clock.

mod harness;

use harness::{TestRoom, pid, track};
use plenum_core::{GRACE_PERIOD, Input, MediaNotice, MediaRequest, Output};
use plenum_protocol::control::{ConnectionState, ControlEvent, LeaveReason};
use plenum_protocol::media::{MediaEvent, TrackKind};
use plenum_protocol::{CloseCode, ServerEvent};
use std::time::Duration;

#[test]
fn lost_connection_keeps_the_place_then_gives_it_up() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let b = t.join("b");
    t.take();
    t.lose(b);
    let to_a = t.control_events_to(a);
    assert!(
        matches!(&to_a[..], [ControlEvent::ParticipantUpdated { participant }] if participant.connection == ConnectionState::Reconnecting)
    );
    assert_eq!(t.room.poll_timeout(), Some(t.now + GRACE_PERIOD));

    t.advance(GRACE_PERIOD - Duration::from_millis(1));
    assert_eq!(t.names(), ["a", "b"]);
    t.advance(Duration::from_millis(1));
    assert_eq!(t.names(), ["a"]);
    let out = t.take();
    assert!(out.contains(&Output::Media(MediaRequest::RemovePeer {
        participant: pid("b")
    })));
    assert!(out.iter().any(|o| matches!(
        o,
        Output::Send {
            event: ServerEvent::Control(ControlEvent::ParticipantLeft {
                reason: LeaveReason::ConnectionLost,
                ..
            }),
            ..
        }
    )));
}

#[test]
fn grace_counts_from_last_message_not_from_detection() {
    let mut t = TestRoom::new();
    let _a = t.join("a");
    let b = t.join("b");
    let last_seen = t.now;
    t.advance(Duration::from_secs(5));
    let now = t.now;
    t.input(Input::ConnectionClosed {
        conn: b,
        clean: false,
        last_seen,
    });
    assert_eq!(t.room.poll_timeout(), Some(last_seen + GRACE_PERIOD));
    t.advance(Duration::from_secs(5));
    assert_eq!(t.names(), ["a"]);
    // Detected after the grace already passed: removed at once.
    let c = t.join("c");
    t.advance(Duration::from_secs(11));
    t.input(Input::ConnectionClosed {
        conn: c,
        clean: false,
        last_seen: now,
    });
    assert_eq!(t.names(), ["a"]);
}

#[test]
fn resume_within_grace_restores_the_place_and_resends_pending_offer_slot_map_and_layers() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let b = t.join("b");
    t.lose(b);
    t.input(Input::Media(MediaNotice::Offer {
        participant: pid("b"),
        sdp: "v=0 offer".into(),
        tracks: vec![track("2", "a", TrackKind::Video)],
    }));
    t.input(Input::Media(MediaNotice::Tracks {
        participant: pid("b"),
        tracks: vec![track("3", "a", TrackKind::Audio)],
    }));
    t.input(Input::Media(MediaNotice::Layers {
        participant: pid("b"),
        kind: TrackKind::Video,
        active: vec!["q".into()],
    }));
    t.take();
    t.advance(Duration::from_secs(9));
    let b2 = t.new_conn();
    t.input(Input::Resume {
        conn: b2,
        token: "token-b".into(),
        next_token: "token-b2".into(),
        command_id: Some(7),
    });
    let out = t.take();
    assert!(
        out.iter().any(|o| matches!(
            o,
            Output::Send {
                id: Some(7),
                event: ServerEvent::Control(ControlEvent::Joined { .. }),
                ..
            }
        )),
        "joined answers the resume command"
    );
    t.out = out;
    let events = t.events();
    assert!(events.iter().any(|(to, e)| to == &vec![b2] && matches!(e, ServerEvent::Control(ControlEvent::Joined { resumed: true, resume_token, .. }) if resume_token == "token-b2")));
    assert!(events.iter().any(|(to, e)| to == &vec![b2]
        && matches!(e, ServerEvent::Media(MediaEvent::Offer { sdp, .. }) if sdp == "v=0 offer")));
    assert!(
        events.iter().any(|(to, e)| to == &vec![b2]
            && matches!(e, ServerEvent::Media(MediaEvent::Tracks { tracks }) if tracks[0].mid == "3")),
        "and the latest slot map"
    );
    assert!(
        events.iter().any(|(to, e)| to == &vec![b2]
            && matches!(e, ServerEvent::Media(MediaEvent::Layers { kind: TrackKind::Video, active }) if active == &["q"])),
        "and which of its camera's layers to send"
    );
    assert!(events.iter().any(|(to, e)| to == &vec![a] && matches!(e, ServerEvent::Control(ControlEvent::ParticipantUpdated { participant }) if participant.connection == ConnectionState::Connected)));
    t.advance(Duration::from_secs(60));
    assert_eq!(t.names(), ["a", "b"]);
}

#[test]
fn old_token_and_expired_place_are_refused() {
    let mut t = TestRoom::new();
    let _a = t.join("a");
    let b = t.join("b");
    t.lose(b);
    let b2 = t.new_conn();
    t.input(Input::Resume {
        conn: b2,
        token: "token-b".into(),
        next_token: "token-b2".into(),
        command_id: Some(7),
    });
    t.take();
    // The old token is spent.
    let b3 = t.new_conn();
    t.input(Input::Resume {
        conn: b3,
        token: "token-b".into(),
        next_token: "x".into(),
        command_id: Some(7),
    });
    assert_eq!(t.closes(), vec![(b3, CloseCode::ResumeRejected)]);
    // After the grace period the place is gone.
    t.lose(b2);
    t.advance(GRACE_PERIOD);
    let b4 = t.new_conn();
    t.input(Input::Resume {
        conn: b4,
        token: "token-b2".into(),
        next_token: "y".into(),
        command_id: Some(7),
    });
    assert_eq!(t.closes(), vec![(b4, CloseCode::ResumeRejected)]);
}

#[test]
fn resume_while_old_connection_lingers_replaces_it() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    t.take();
    let a2 = t.new_conn();
    t.input(Input::Resume {
        conn: a2,
        token: "token-a".into(),
        next_token: "n".into(),
        command_id: Some(7),
    });
    assert!(t.take().contains(&Output::Close {
        conn: a,
        code: CloseCode::Replaced
    }));
    // The stale connection's later close changes nothing.
    let now = t.now;
    t.input(Input::ConnectionClosed {
        conn: a,
        clean: false,
        last_seen: now,
    });
    assert!(t.take().is_empty());
    assert_eq!(t.names(), ["a"]);
}

//! The `control` namespace: joining, the snapshot, presence events, heartbeat and leaving.

mod harness;

use harness::{TestRoom, pid};
use plenum_core::{MediaRequest, Output};
use plenum_protocol::breakout::BreakoutEvent;
use plenum_protocol::chat::ChatEvent;
use plenum_protocol::control::{ControlCommand, ControlEvent, LeaveReason};
use plenum_protocol::floor::FloorEvent;
use plenum_protocol::moderation::ModerationEvent;
use plenum_protocol::polls::PollsEvent;
use plenum_protocol::timer::TimerEvent;
use plenum_protocol::votes::VotesEvent;
use plenum_protocol::{CloseCode, ServerEvent};

#[test]
fn joiner_gets_snapshot_and_others_are_told() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    t.take();
    let b = t.join("b");
    let events = t.events();
    let to_b: Vec<_> = events.iter().filter(|(to, _)| to == &vec![b]).collect();
    // `joined` first, then each namespace's snapshot.
    match &to_b[..] {
        [
            (
                _,
                ServerEvent::Control(ControlEvent::Joined {
                    you,
                    participants,
                    resumed,
                    resume_token,
                    ..
                }),
            ),
            (_, ServerEvent::Moderation(ModerationEvent::State { .. })),
            (_, ServerEvent::Floor(FloorEvent::State { .. })),
            (_, ServerEvent::Chat(ChatEvent::State { .. })),
            (_, ServerEvent::Timer(TimerEvent::State { .. })),
            (_, ServerEvent::Polls(PollsEvent::State { .. })),
            (_, ServerEvent::Breakout(BreakoutEvent::State { .. })),
            (_, ServerEvent::Votes(VotesEvent::State { .. })),
        ] => {
            assert_eq!(you, &pid("b"));
            assert!(!resumed);
            assert_eq!(resume_token, "token-b");
            let ids: Vec<_> = participants.iter().map(|p| p.id.to_string()).collect();
            assert_eq!(ids, ["a", "b"]);
        }
        other => panic!("unexpected events to b: {other:?}"),
    }
    assert!(events.iter().any(|(to, e)| to == &vec![a]
        && matches!(e, ServerEvent::Control(ControlEvent::ParticipantJoined { participant }) if participant.id == pid("b"))));
}

#[test]
fn leave_removes_closes_and_drops_media() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let b = t.join("b");
    t.take();
    t.control(b, ControlCommand::Leave);
    let out = t.take();
    assert!(out.contains(&Output::Close {
        conn: b,
        code: CloseCode::Left
    }));
    assert!(out.contains(&Output::Media(MediaRequest::RemovePeer {
        participant: pid("b")
    })));
    assert!(out.iter().any(|o| matches!(o, Output::Send { to, event: ServerEvent::Control(ControlEvent::ParticipantLeft { participant_id, reason: LeaveReason::Left }), .. } if to == &vec![a] && participant_id == &pid("b"))));
    assert_eq!(t.names(), ["a"]);
}

#[test]
fn clean_close_removes_at_once() {
    let mut t = TestRoom::new();
    let _a = t.join("a");
    let b = t.join("b");
    let now = t.now;
    t.input(plenum_core::Input::ConnectionClosed {
        conn: b,
        clean: true,
        last_seen: now,
    });
    assert_eq!(t.names(), ["a"]);
    // Nothing but the report's checkpoint is scheduled: no grace period runs for b.
    assert_eq!(
        t.room.poll_timeout(),
        Some(now + plenum_core::REPORT_INTERVAL)
    );
}

#[test]
fn last_one_out_leaves_an_empty_room() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    t.control(a, ControlCommand::Leave);
    let key = t
        .take()
        .into_iter()
        .find_map(|o| match o {
            Output::Persist { key, .. } => Some(key),
            _ => None,
        })
        .expect("the report is stored when the last one leaves");
    assert!(!t.room.is_empty());
    t.input(plenum_core::Input::Persisted { key });
    assert!(t.room.is_empty());
}

#[test]
fn same_participant_joining_again_replaces_the_old_connection() {
    let mut t = TestRoom::new();
    let first = t.join("a");
    t.take();
    let second = t.join("a");
    assert_eq!(t.names(), ["a"]);
    assert!(t.closes().contains(&(first, CloseCode::Replaced)));
    t.control(second, ControlCommand::Ping);
    assert_eq!(t.control_events_to(second), vec![ControlEvent::Pong]);
}

#[test]
fn a_full_room_turns_away_everyone_but_moderators() {
    let mut t = TestRoom::new();
    for i in 0..harness::CAPACITY {
        t.join(&format!("p{i}"));
    }
    t.take();
    let late = t.join("late");
    assert_eq!(t.closes(), vec![(late, CloseCode::RoomFull)]);
    assert_eq!(t.names().len(), harness::CAPACITY);
    // Someone already inside may take over their place from another device.
    let again = t.join("p0");
    assert!(!t.closes().contains(&(again, CloseCode::RoomFull)));
    t.join_as(
        "chair",
        &[
            plenum_protocol::control::Role::Moderator,
            plenum_protocol::control::Role::Participant,
        ],
    );
    assert_eq!(t.names().len(), harness::CAPACITY + 1);
}

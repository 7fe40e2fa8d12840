//! The `floor` namespace: the queue of hands and points of order, giving the floor, turns with
//! a time limit, and speaking time, all on the fake clock.

mod harness;

use harness::{TestRoom, WALL0, pid};
use plenum_core::{GRACE_PERIOD, Input, MIN_UTTERANCE, MediaNotice};
use plenum_protocol::ErrorCode;
use plenum_protocol::control::{ControlCommand, Role};
use plenum_protocol::floor::{FloorCommand, FloorEvent, SpeakingTime};
use plenum_protocol::moderation::{ModerationCommand, ModerationEvent, PolicyChange};
use std::time::Duration;

const MOD: &[Role] = &[Role::Moderator, Role::Participant];

/// The queue (names, with `!` for a point of order) from the last `hands` or `state` event.
fn queue(events: &[FloorEvent]) -> Option<Vec<String>> {
    events.iter().rev().find_map(|e| match e {
        FloorEvent::Hands { hands } | FloorEvent::State { hands, .. } => Some(
            hands
                .iter()
                .map(|h| {
                    format!(
                        "{}{}",
                        h.participant,
                        if h.point_of_order { "!" } else { "" }
                    )
                })
                .collect(),
        ),
        _ => None,
    })
}

fn raise(t: &mut TestRoom, conn: plenum_core::ConnId, point_of_order: bool) {
    t.floor(conn, FloorCommand::RaiseHand { point_of_order });
}

#[test]
fn hands_queue_in_order_and_a_point_of_order_jumps_it() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let a = t.join("a");
    let b = t.join("b");
    let c = t.join("c");
    raise(&mut t, a, false);
    t.advance(Duration::from_secs(1));
    raise(&mut t, b, false);
    t.advance(Duration::from_secs(1));
    raise(&mut t, c, true);
    let events = t.floor_events_to(m);
    assert_eq!(
        queue(&events),
        Some(vec!["c!".into(), "a".into(), "b".into()])
    );
    assert!(
        matches!(events.last(), Some(FloorEvent::Hands { hands }) if hands[1].raised_at == WALL0)
    );
    // Raising again keeps the place; a lowered hand leaves the queue.
    raise(&mut t, a, false);
    assert!(t.floor_events_to(m).is_empty());
    t.floor(a, FloorCommand::LowerHand);
    assert_eq!(
        queue(&t.floor_events_to(b)),
        Some(vec!["c!".into(), "b".into()])
    );
    t.floor(m, FloorCommand::LowerAll);
    assert_eq!(queue(&t.floor_events_to(b)), Some(vec![]));
}

#[test]
fn a_lost_connection_keeps_the_hand_and_its_place_leaving_lowers_it() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let a = t.join("a");
    let b = t.join("b");
    let c = t.join("c");
    raise(&mut t, a, false);
    raise(&mut t, b, false);
    raise(&mut t, c, false);
    t.lose(a);
    t.advance(GRACE_PERIOD);
    assert_eq!(
        queue(&t.floor_events_to(m)),
        Some(vec!["b".into(), "c".into()])
    );
    let a2 = t.join("a");
    assert_eq!(
        queue(&t.floor_events_to(a2)),
        Some(vec!["a".into(), "b".into(), "c".into()])
    );
    t.control(b, ControlCommand::Leave);
    assert_eq!(
        queue(&t.floor_events_to(m)),
        Some(vec!["a".into(), "c".into()])
    );
    let b2 = t.join("b");
    assert_eq!(
        queue(&t.floor_events_to(b2)),
        Some(vec!["a".into(), "c".into()])
    );
}

#[test]
fn hands_can_be_switched_off_for_participants_but_not_for_moderators() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let a = t.join("a");
    t.moderation(
        m,
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                hands: Some(false),
                ..PolicyChange::default()
            },
        },
    );
    t.take();
    raise(&mut t, a, false);
    assert_eq!(t.errors_to(a), vec![ErrorCode::Forbidden]);
    raise(&mut t, m, false);
    assert_eq!(queue(&t.floor_events_to(m)), Some(vec!["mod".into()]));
}

#[test]
fn giving_the_floor_lowers_the_hand_allows_the_microphone_and_asks_to_unmute() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let a = t.join("a");
    t.moderation(
        m,
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                microphones_restricted: Some(true),
                ..PolicyChange::default()
            },
        },
    );
    raise(&mut t, a, false);
    t.take();
    t.floor(
        m,
        FloorCommand::GiveFloor {
            participant: pid("a"),
        },
    );
    let events = t.events();
    let to_a = |f: &dyn Fn(&plenum_protocol::ServerEvent) -> bool| {
        events.iter().any(|(to, e)| to.contains(&a) && f(e))
    };
    assert!(to_a(
        &|e| matches!(e, plenum_protocol::ServerEvent::Floor(FloorEvent::Hands { hands }) if hands.is_empty())
    ));
    assert!(to_a(&|e| matches!(
        e,
        plenum_protocol::ServerEvent::Moderation(ModerationEvent::UnmuteRequested { .. })
    )));
    assert!(to_a(
        &|e| matches!(e, plenum_protocol::ServerEvent::Moderation(ModerationEvent::MicrophonesAllowed { participants }) if participants == &[pid("a")])
    ));
    assert!(to_a(
        &|e| matches!(e, plenum_protocol::ServerEvent::Floor(FloorEvent::TurnChanged { turn: Some(turn) }) if turn.participant == pid("a") && turn.ends_at.is_none())
    ));
    assert!(!t.participant("a").unwrap().audio, "asked, never forced");
    t.unmute(a);
    assert!(t.participant("a").unwrap().audio);
    // The speaker ends their turn; nobody else but a moderator may.
    let b = t.join("b");
    t.take();
    t.floor(b, FloorCommand::EndTurn);
    assert_eq!(t.errors_to(b), vec![ErrorCode::Forbidden]);
    t.floor(a, FloorCommand::EndTurn);
    assert!(
        t.floor_events_to(m)
            .contains(&FloorEvent::TurnChanged { turn: None })
    );
}

#[test]
fn a_turn_limit_reminds_everyone_exactly_when_the_time_is_up() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let a = t.join("a");
    t.floor(m, FloorCommand::SetTurnLimit { seconds: Some(10) });
    assert_eq!(t.errors_to(m), vec![]);
    t.floor(
        m,
        FloorCommand::SetTurnLimit {
            seconds: Some(5000),
        },
    );
    assert_eq!(t.errors_to(m), vec![ErrorCode::InvalidCommand]);
    t.floor(m, FloorCommand::SetTurnLimit { seconds: Some(60) });
    t.floor(
        m,
        FloorCommand::GiveFloor {
            participant: pid("a"),
        },
    );
    let turn = t.floor_events_to(a).into_iter().find_map(|e| match e {
        FloorEvent::TurnChanged { turn } => turn,
        _ => None,
    });
    assert_eq!(turn.and_then(|t| t.ends_at), Some(WALL0 + 60_000));
    t.advance(Duration::from_secs(60) - Duration::from_millis(1));
    assert!(
        !t.floor_events_to(a)
            .iter()
            .any(|e| matches!(e, FloorEvent::TimeUp { .. }))
    );
    t.advance(Duration::from_millis(1));
    assert_eq!(
        t.floor_events_to(a),
        vec![FloorEvent::TimeUp {
            participant: pid("a")
        }]
    );
    assert!(
        t.participant("a").is_some(),
        "the reminder is gentle: nobody is cut off"
    );
}

fn speak(t: &mut TestRoom, name: &str, speaking: bool) {
    let at = t.now;
    t.input(Input::Media(MediaNotice::Speaking {
        participant: pid(name),
        speaking,
        at,
    }));
}

fn speaking_of(events: &[FloorEvent], name: &str) -> Option<SpeakingTime> {
    events.iter().rev().find_map(|e| match e {
        FloorEvent::Speaking { time } if time.participant == pid(name) => Some(time.clone()),
        _ => None,
    })
}

#[test]
fn speaking_time_counts_real_utterances_of_open_microphones_only() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let a = t.join("a");
    let b = t.join("b");
    t.unmute(a);
    t.take();
    // A cough.
    speak(&mut t, "a", true);
    t.advance(MIN_UTTERANCE - Duration::from_millis(1));
    speak(&mut t, "a", false);
    assert_eq!(
        speaking_of(&t.floor_events_to(m), "a").map(|s| s.total_ms),
        Some(0)
    );
    // Two sentences.
    speak(&mut t, "a", true);
    assert!(speaking_of(&t.floor_events_to(m), "a").is_some_and(|s| s.speaking_since.is_some()));
    t.advance(Duration::from_secs(3));
    speak(&mut t, "a", false);
    t.advance(Duration::from_secs(1));
    speak(&mut t, "a", true);
    t.advance(Duration::from_secs(2));
    speak(&mut t, "a", false);
    assert_eq!(
        speaking_of(&t.floor_events_to(m), "a").map(|s| s.total_ms),
        Some(5_000)
    );
    // A muted microphone never counts, whatever the SFU says.
    speak(&mut t, "b", true);
    t.advance(Duration::from_secs(3));
    speak(&mut t, "b", false);
    assert_eq!(speaking_of(&t.floor_events_to(m), "b"), None);
    // Participants do not see speaking times.
    speak(&mut t, "a", true);
    assert!(speaking_of(&t.floor_events_to(b), "a").is_none());
    // Muting while speaking ends the utterance then.
    t.advance(Duration::from_secs(2));
    t.moderation(
        m,
        ModerationCommand::Mute {
            participant: pid("a"),
        },
    );
    t.advance(Duration::from_secs(10));
    speak(&mut t, "a", false);
    assert_eq!(
        speaking_of(&t.floor_events_to(m), "a").map(|s| s.total_ms),
        Some(7_000)
    );
}

#[test]
fn a_new_moderator_gets_the_speaking_times() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let a = t.join("a");
    let b = t.join("b");
    t.unmute(a);
    speak(&mut t, "a", true);
    t.advance(Duration::from_secs(1));
    speak(&mut t, "a", false);
    t.take();
    t.moderation(
        m,
        ModerationCommand::Promote {
            participant: pid("b"),
        },
    );
    let state = t.floor_events_to(b).into_iter().find_map(|e| match e {
        FloorEvent::State { speaking, .. } => Some(speaking),
        _ => None,
    });
    assert!(state.is_some_and(|s| {
        s.iter()
            .any(|s| s.participant == pid("a") && s.total_ms == 1_000)
    }));
}

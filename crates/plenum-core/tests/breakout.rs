//! The `breakout` namespace: opening rooms moves people's media (no renegotiation), the
//! warning and the automatic return on the fake clock, extending and shortening, moving and
//! visiting, broadcasts, late joiners assigned by group or to the emptiest room, and people
//! who come back returning to their room.

mod harness;

use harness::{TestRoom, WALL0, pid};
use plenum_core::{MediaRequest, SHORTEST_REMAINING};
use plenum_protocol::ErrorCode;
use plenum_protocol::breakout::{
    BreakoutCommand, BreakoutEvent, BreakoutPlace, BreakoutPlan, BreakoutRoomPlan,
};
use plenum_protocol::control::Role;
use std::time::Duration;

const MOD: &[Role] = &[Role::Moderator, Role::Participant];

fn plan(rooms: &[(&str, &[&str])], seconds: Option<u32>) -> BreakoutPlan {
    BreakoutPlan {
        rooms: rooms
            .iter()
            .map(|(name, members)| BreakoutRoomPlan {
                name: (*name).into(),
                members: members.iter().map(|m| pid(m)).collect(),
                group: None,
            })
            .collect(),
        seconds,
        assign_late_joiners: true,
        include_moderators: false,
    }
}

fn moves(requests: Vec<MediaRequest>) -> Vec<(String, Option<u32>)> {
    requests
        .into_iter()
        .filter_map(|r| match r {
            MediaRequest::SetBreakoutRoom { participant, room } => {
                Some((participant.to_string(), room))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn rooms_open_warn_and_everyone_returns_when_the_time_is_up() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    for p in ["b", "c", "d"] {
        t.join(p);
    }
    t.take();
    t.breakout(
        m,
        BreakoutCommand::Start {
            plan: plan(
                &[("Group 1", &["a", "b"]), ("Group 2", &["c", "d"])],
                Some(300),
            ),
        },
    );
    let out = t.take();
    let media: Vec<_> = out
        .iter()
        .filter_map(|o| match o {
            plenum_core::Output::Media(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        moves(media.clone()),
        [
            ("a".into(), Some(1)),
            ("b".into(), Some(1)),
            ("c".into(), Some(2)),
            ("d".into(), Some(2))
        ]
    );
    assert!(
        media
            .iter()
            .all(|r| matches!(r, MediaRequest::SetBreakoutRoom { .. })),
        "moving needs nothing else from the media engine: {media:?}"
    );
    t.out = out;
    let started = t.breakout_events_to(a);
    let [BreakoutEvent::Started { session }] = started.as_slice() else {
        panic!("started, got {started:?}");
    };
    assert_eq!(session.ends_at, Some(WALL0 + 300_000));
    assert_eq!(session.rooms[1].name, "Group 2");
    assert_eq!(
        session.places[0],
        BreakoutPlace {
            participant: pid("a"),
            room: 1
        }
    );

    t.advance(Duration::from_secs(239));
    assert!(t.breakout_events_to(a).is_empty());
    t.advance(Duration::from_secs(1));
    assert_eq!(
        t.breakout_events_to(a),
        [BreakoutEvent::Warning {
            ends_at: WALL0 + 300_000
        }],
        "a minute before the end"
    );
    t.advance(Duration::from_secs(59));
    assert!(t.breakout_events_to(a).is_empty());
    t.advance(Duration::from_secs(1));
    let out = t.take();
    t.out = out.clone();
    assert_eq!(t.breakout_events_to(a), [BreakoutEvent::Ended { by: None }]);
    let media = out
        .into_iter()
        .filter_map(|o| match o {
            plenum_core::Output::Media(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(
        moves(media),
        [
            ("a".into(), None),
            ("b".into(), None),
            ("c".into(), None),
            ("d".into(), None)
        ],
        "everyone is back in the main room"
    );
    let late = t.join("late");
    assert_eq!(
        t.breakout_events_to(late),
        [BreakoutEvent::State { session: None }]
    );
}

#[test]
fn extending_and_shortening_move_the_warning_and_the_end() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    t.breakout(
        m,
        BreakoutCommand::Start {
            plan: plan(&[("Group 1", &["a"])], Some(120)),
        },
    );
    t.take();
    t.breakout(m, BreakoutCommand::Extend { seconds: 300 });
    assert_eq!(
        t.breakout_events_to(a),
        [BreakoutEvent::EndChanged {
            ends_at: WALL0 + 420_000
        }]
    );
    t.advance(Duration::from_secs(120));
    assert!(t.breakout_events_to(a).is_empty(), "the old end is gone");
    // Shortening by far more than is left ends them soon, not at once.
    t.breakout(m, BreakoutCommand::Extend { seconds: -3600 });
    let ends_at = WALL0 + 120_000 + SHORTEST_REMAINING.as_millis() as u64;
    assert_eq!(
        t.breakout_events_to(a),
        [BreakoutEvent::EndChanged { ends_at }]
    );
    t.advance(SHORTEST_REMAINING / 2);
    assert_eq!(
        t.breakout_events_to(a),
        [BreakoutEvent::Warning { ends_at }],
        "halfway through a short rest"
    );
    t.advance(SHORTEST_REMAINING / 2);
    assert_eq!(t.breakout_events_to(a), [BreakoutEvent::Ended { by: None }]);
    t.breakout(m, BreakoutCommand::Extend { seconds: 60 });
    assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand], "nothing open");
}

#[test]
fn moderators_move_people_visit_rooms_broadcast_and_end() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    t.join("b");
    t.breakout(
        m,
        BreakoutCommand::Start {
            plan: plan(&[("Group 1", &["a"]), ("Group 2", &["b"])], None),
        },
    );
    t.take();
    // The moderator visits group 2, then moves a there too.
    t.breakout(
        m,
        BreakoutCommand::Move {
            participant: pid("m"),
            room: Some(2),
        },
    );
    assert_eq!(moves(t.media_requests()), [("m".into(), Some(2))]);
    t.breakout(
        m,
        BreakoutCommand::Move {
            participant: pid("a"),
            room: Some(2),
        },
    );
    assert_eq!(
        t.breakout_events_to(a),
        [BreakoutEvent::Moved {
            participant: pid("a"),
            room: Some(2)
        }]
    );
    for (participant, room, code) in [
        ("a", Some(9), ErrorCode::NotFound),
        ("nobody", Some(1), ErrorCode::NotFound),
    ] {
        t.breakout(
            m,
            BreakoutCommand::Move {
                participant: pid(participant),
                room,
            },
        );
        assert_eq!(t.errors_to(m), [code]);
    }
    t.breakout(
        m,
        BreakoutCommand::Broadcast {
            text: "  Five minutes left\u{7} ".into(),
        },
    );
    assert_eq!(
        t.breakout_events_to(a),
        [BreakoutEvent::Broadcast {
            from: pid("m"),
            from_name: "M".into(),
            text: "Five minutes left".into()
        }]
    );
    t.breakout(m, BreakoutCommand::Broadcast { text: " ".into() });
    assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand]);
    // Participants may not steer.
    t.breakout(a, BreakoutCommand::End);
    assert_eq!(t.errors_to(a), [ErrorCode::Forbidden]);
    t.breakout(m, BreakoutCommand::End);
    let out = t.take();
    t.out = out.clone();
    assert_eq!(
        t.breakout_events_to(a),
        [BreakoutEvent::Ended { by: Some(pid("m")) }]
    );
    t.out = out;
    let mut back = moves(t.media_requests());
    back.sort();
    assert_eq!(
        back,
        [("a".into(), None), ("b".into(), None), ("m".into(), None)]
    );
}

#[test]
fn late_joiners_go_to_their_groups_room_or_the_emptiest_and_returners_to_their_own() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    t.join("a");
    t.join("b");
    let mut p = plan(&[("Red", &["a", "b"]), ("Blue", &[]), ("Green", &[])], None);
    p.rooms[2].group = Some("Green team".into());
    t.breakout(m, BreakoutCommand::Start { plan: p });
    t.take();
    // By group.
    let mut ticket = t.ticket("g", &[Role::Participant]);
    ticket.groups = vec!["Green team".into()];
    t.join_with(ticket);
    assert_eq!(moves(t.media_requests()), [("g".into(), Some(3))]);
    // Otherwise the emptiest room (Blue has nobody, Green has g).
    let c = t.join("c");
    assert_eq!(moves(t.media_requests()), [("c".into(), Some(2))]);
    // Moderators who come later stay in the main room unless included.
    t.join_as("m2", MOD);
    assert_eq!(moves(t.media_requests()), []);
    // Someone who loses the connection for good comes back to their room (Red, not the
    // emptiest, Blue).
    t.breakout(
        m,
        BreakoutCommand::Move {
            participant: pid("c"),
            room: Some(1),
        },
    );
    t.lose(c);
    t.advance(Duration::from_secs(30));
    t.take();
    t.join("c");
    assert_eq!(moves(t.media_requests()), [("c".into(), Some(1))]);
}

#[test]
fn a_plan_must_be_sound() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    t.join("a");
    let bad = [
        (plan(&[], None), ErrorCode::InvalidCommand),
        (
            plan(&[("Group 1", &["a"])], Some(10)),
            ErrorCode::InvalidCommand,
        ),
        (plan(&[(" ", &["a"])], None), ErrorCode::InvalidCommand),
        (
            plan(&[("Group 1", &["a"]), ("Group 2", &["a"])], None),
            ErrorCode::InvalidCommand,
        ),
        (plan(&[("Group 1", &["ghost"])], None), ErrorCode::NotFound),
    ];
    for (p, code) in bad {
        t.breakout(m, BreakoutCommand::Start { plan: p.clone() });
        assert_eq!(t.errors_to(m), [code], "{p:?}");
    }
    t.breakout(
        m,
        BreakoutCommand::Start {
            plan: plan(&[("Group 1", &["a"])], None),
        },
    );
    assert!(t.errors_to(m).is_empty());
    t.breakout(
        m,
        BreakoutCommand::Start {
            plan: plan(&[("Group 1", &["a"])], None),
        },
    );
    assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand], "open already");
}

#[test]
fn a_set_up_is_checked_like_a_plan() {
    use plenum_core::checked_setup;
    use plenum_protocol::breakout::{
        BreakoutAssignment, BreakoutSettings, BreakoutSetup, BreakoutSplit,
    };
    let good = BreakoutSetup {
        name: " Fours\u{7} ".into(),
        settings: BreakoutSettings {
            assignment: BreakoutAssignment::Groups,
            split_by: BreakoutSplit::Rooms,
            rooms: 3,
            size: 4,
            names: vec![" Red ".into(), String::new()],
            include_moderators: true,
            assign_late_joiners: false,
            minutes: Some(20),
        },
    };
    let kept = checked_setup(good.clone()).expect("a sound set-up");
    assert_eq!(kept.name, "Fours");
    assert_eq!(kept.settings.names, ["Red", ""]);
    let field = |patch: fn(&mut BreakoutSetup)| {
        let mut s = good.clone();
        patch(&mut s);
        checked_setup(s).map_err(|e| e.field)
    };
    assert_eq!(field(|s| s.name = " ".into()), Err("name"));
    assert_eq!(field(|s| s.settings.rooms = 0), Err("rooms"));
    assert_eq!(field(|s| s.settings.size = 1000), Err("size"));
    assert_eq!(
        field(|s| s.settings.names = vec!["x".repeat(61)]),
        Err("names")
    );
    assert_eq!(field(|s| s.settings.minutes = Some(0)), Err("minutes"));
    assert!(field(|s| s.settings.minutes = None).is_ok());
}

//! The `polls` namespace: polls that close by themselves on the fake clock, one answer per
//! person (changeable only where allowed), hidden and live results, names only for moderators
//! and never for anonymous polls, guests and recorders kept out, throttled progress, what late
//! joiners see, and the results in the stored meeting report.

mod harness;

use harness::{TestRoom, WALL0, pid};
use plenum_core::{MAX_RUNNING, PROGRESS_INTERVAL};
use plenum_protocol::ErrorCode;
use plenum_protocol::api::Record;
use plenum_protocol::control::Role;
use plenum_protocol::polls::{
    Poll, PollBallot, PollDefinition, PollResults, PollVoter, PollsCommand, PollsEvent,
};
use std::time::Duration;

const MOD: &[Role] = &[Role::Moderator, Role::Participant];

fn definition() -> PollDefinition {
    PollDefinition {
        topic: " Lunch at noon?\u{7} ".into(),
        answers: vec!["Yes".into(), " No ".into(), "Abstain".into()],
        multiple: false,
        anonymous: false,
        live_results: false,
        changeable: false,
        guests_excluded: false,
        seconds: None,
    }
}

fn start(t: &mut TestRoom, conn: plenum_core::ConnId, definition: PollDefinition) {
    t.polls(
        conn,
        PollsCommand::Start {
            definition,
            prepared_id: None,
        },
    );
}

fn vote(t: &mut TestRoom, conn: plenum_core::ConnId, choices: &[u32]) {
    t.polls(
        conn,
        PollsCommand::Vote {
            poll_id: 1,
            choices: choices.to_vec(),
        },
    );
}

fn voter(name: &str, choices: &[u32]) -> PollVoter {
    PollVoter {
        participant_id: pid(name),
        display_name: name.to_uppercase(),
        choices: choices.to_vec(),
    }
}

#[test]
fn a_poll_with_a_duration_closes_by_itself_and_then_shows_everyone_the_results() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let b = t.join("b");
    t.take();
    start(
        &mut t,
        m,
        PollDefinition {
            seconds: Some(60),
            ..definition()
        },
    );
    let started = Poll {
        id: 1,
        definition: PollDefinition {
            topic: "Lunch at noon?".into(),
            answers: vec!["Yes".into(), "No".into(), "Abstain".into()],
            seconds: Some(60),
            ..definition()
        },
        prepared_id: None,
        by: pid("m"),
        started_at: WALL0,
        ends_at: Some(WALL0 + 60_000),
        closed_at: None,
        voted: 0,
        eligible: 3,
        results: None,
    };
    let events = t.events();
    let to = |conn| -> Vec<&PollsEvent> {
        events
            .iter()
            .filter(|(to, _)| to.contains(&conn))
            .filter_map(|(_, e)| match e {
                plenum_protocol::ServerEvent::Polls(p) => Some(p),
                _ => None,
            })
            .collect()
    };
    // Hidden results: participants see the question, the moderator the (empty) results.
    assert_eq!(
        to(a),
        [&PollsEvent::Started {
            poll: Box::new(started.clone())
        }]
    );
    assert_eq!(
        to(m),
        [&PollsEvent::Started {
            poll: Box::new(Poll {
                results: Some(PollResults {
                    counts: vec![0, 0, 0],
                    voters: Some(vec![]),
                }),
                ..started.clone()
            })
        }]
    );

    vote(&mut t, a, &[0]);
    let events = t.events();
    let to = |conn| -> Vec<PollsEvent> {
        events
            .iter()
            .filter(|(to, _)| to.contains(&conn))
            .filter_map(|(_, e)| match e {
                plenum_protocol::ServerEvent::Polls(p) => Some(p.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        to(a),
        [
            PollsEvent::Voted {
                ballot: PollBallot {
                    poll_id: 1,
                    choices: vec![0]
                }
            },
            PollsEvent::Progress {
                poll_id: 1,
                voted: 1,
                eligible: 3,
                results: None
            }
        ]
    );
    assert_eq!(
        to(m),
        [PollsEvent::Progress {
            poll_id: 1,
            voted: 1,
            eligible: 3,
            results: Some(PollResults {
                counts: vec![1, 0, 0],
                voters: Some(vec![voter("a", &[0])]),
            })
        }]
    );

    // A second answer within a second: its progress waits for the interval.
    t.advance(Duration::from_millis(300));
    vote(&mut t, b, &[1]);
    assert_eq!(
        t.polls_events_to(m),
        [],
        "progress is sent at most once per interval"
    );
    t.advance(PROGRESS_INTERVAL);
    assert_eq!(
        t.polls_events_to(b),
        [PollsEvent::Progress {
            poll_id: 1,
            voted: 2,
            eligible: 3,
            results: None
        }]
    );

    t.advance(Duration::from_secs(58));
    assert!(t.polls_events_to(a).is_empty(), "still running at 59 s");
    t.advance(Duration::from_secs(1));
    let events = t.take();
    let closed_for = |conn| {
        events.iter().find_map(|o| match o {
            plenum_core::Output::Send {
                to,
                event: plenum_protocol::ServerEvent::Polls(PollsEvent::Closed { poll, by }),
                ..
            } if to.contains(&conn) => Some((*poll.clone(), by.clone())),
            _ => None,
        })
    };
    let (poll, by) = closed_for(a).expect("participants learn that the poll closed");
    assert_eq!(by, None, "closed by its time");
    assert_eq!(poll.closed_at, Some(WALL0 + 60_000));
    assert_eq!(
        poll.results,
        Some(PollResults {
            counts: vec![1, 1, 0],
            voters: None
        }),
        "participants see the counts, never the names"
    );
    let (poll, _) = closed_for(m).expect("so do moderators");
    assert_eq!(
        poll.results.and_then(|r| r.voters),
        Some(vec![voter("a", &[0]), voter("b", &[1])])
    );
    // Closing stored the report, with the poll and its names.
    let reports: Vec<_> = events
        .iter()
        .filter_map(|o| match o {
            plenum_core::Output::Persist {
                record: Record::MeetingReport(r),
                ..
            } => Some(r.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(reports.len(), 1, "the close stores the report once");
    let stored = &reports[0].polls[0];
    assert_eq!(stored.voted, 2);
    assert_eq!(
        stored.results.as_ref().map(|r| r.counts.clone()),
        Some(vec![1, 1, 0])
    );

    // Too late now.
    vote(&mut t, a, &[2]);
    assert_eq!(t.errors_to(a), [ErrorCode::InvalidCommand]);
}

#[test]
fn one_answer_per_person_unless_the_poll_allows_changes() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    start(&mut t, m, definition());
    start(
        &mut t,
        m,
        PollDefinition {
            changeable: true,
            multiple: true,
            ..definition()
        },
    );
    t.take();
    vote(&mut t, a, &[0]);
    vote(&mut t, a, &[1]);
    assert_eq!(t.errors_to(a), [ErrorCode::Conflict]);

    let vote2 = |t: &mut TestRoom, choices: &[u32]| {
        t.polls(
            a,
            PollsCommand::Vote {
                poll_id: 2,
                choices: choices.to_vec(),
            },
        )
    };
    vote2(&mut t, &[0, 2, 2]);
    t.advance(PROGRESS_INTERVAL);
    vote2(&mut t, &[1]);
    let progress: Vec<_> = t
        .polls_events_to(m)
        .into_iter()
        .filter_map(|e| match e {
            PollsEvent::Progress {
                poll_id: 2,
                voted,
                results,
                ..
            } => Some((voted, results.map(|r| r.counts))),
            _ => None,
        })
        .collect();
    assert_eq!(
        progress,
        [(1, Some(vec![1, 0, 1])), (1, Some(vec![0, 1, 0]))],
        "repeats are ignored; a changed answer replaces the old one and counts once"
    );
    // The first poll kept the first answer.
    t.polls(m, PollsCommand::Close { poll_id: 1 });
    let closed = t.polls_events_to(m).into_iter().find_map(|e| match e {
        PollsEvent::Closed { poll, by } => Some((poll, by)),
        _ => None,
    });
    let (poll, by) = closed.expect("closed by the moderator");
    assert_eq!(by, Some(pid("m")));
    assert_eq!(poll.results.map(|r| r.counts), Some(vec![1, 0, 0]));
    t.polls(m, PollsCommand::Close { poll_id: 1 });
    assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand]);
}

#[test]
fn answers_must_be_among_the_offered_ones() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    start(&mut t, m, definition());
    t.take();
    for bad in [&[][..], &[3], &[0, 1]] {
        vote(&mut t, a, bad);
        assert_eq!(t.errors_to(a), [ErrorCode::InvalidCommand], "{bad:?}");
    }
    t.polls(
        a,
        PollsCommand::Vote {
            poll_id: 9,
            choices: vec![0],
        },
    );
    assert_eq!(t.errors_to(a), [ErrorCode::NotFound]);
    vote(&mut t, a, &[1]);
    assert!(t.errors_to(a).is_empty());
}

#[test]
fn guests_can_be_excluded_and_recorders_never_answer() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let g = t.join_as("g", &[Role::Guest]);
    let r = t.join_as("r", &[Role::Recorder]);
    start(
        &mut t,
        m,
        PollDefinition {
            guests_excluded: true,
            ..definition()
        },
    );
    let started = t.polls_events_to(g).into_iter().find_map(|e| match e {
        PollsEvent::Started { poll } => Some(poll),
        _ => None,
    });
    assert_eq!(
        started.map(|p| p.eligible),
        Some(1),
        "only the moderator may answer"
    );
    vote(&mut t, g, &[0]);
    assert_eq!(t.errors_to(g), [ErrorCode::Forbidden]);
    vote(&mut t, r, &[0]);
    assert_eq!(t.errors_to(r), [ErrorCode::Forbidden]);
    // Without the exclusion guests answer.
    start(&mut t, m, definition());
    t.take();
    t.polls(
        g,
        PollsCommand::Vote {
            poll_id: 2,
            choices: vec![0],
        },
    );
    assert!(t.errors_to(g).is_empty());
}

#[test]
fn only_moderators_start_and_close_polls_and_bad_definitions_are_refused() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    start(&mut t, a, definition());
    assert_eq!(t.errors_to(a), [ErrorCode::Forbidden]);
    let bad = [
        PollDefinition {
            topic: " \u{7} ".into(),
            ..definition()
        },
        PollDefinition {
            answers: vec!["Yes".into()],
            ..definition()
        },
        PollDefinition {
            answers: vec!["Yes".into(), "yes ".into()],
            ..definition()
        },
        PollDefinition {
            answers: vec!["Yes".into(), "".into()],
            ..definition()
        },
        PollDefinition {
            seconds: Some(5),
            ..definition()
        },
        PollDefinition {
            topic: "x".repeat(301),
            ..definition()
        },
    ];
    for d in bad {
        start(&mut t, m, d.clone());
        assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand], "{d:?}");
    }
    for _ in 0..MAX_RUNNING {
        start(&mut t, m, definition());
    }
    t.take();
    start(&mut t, m, definition());
    assert_eq!(
        t.errors_to(m),
        [ErrorCode::InvalidCommand],
        "too many at once"
    );
    t.polls(m, PollsCommand::Close { poll_id: 1 });
    t.polls(a, PollsCommand::Close { poll_id: 2 });
    assert_eq!(t.errors_to(a), [ErrorCode::Forbidden]);
    start(&mut t, m, definition());
    assert!(t.errors_to(m).is_empty(), "a slot is free again");
}

#[test]
fn anonymous_polls_name_nobody_not_even_in_the_report() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    start(
        &mut t,
        m,
        PollDefinition {
            anonymous: true,
            live_results: true,
            ..definition()
        },
    );
    t.take();
    vote(&mut t, a, &[2]);
    let events = t.events();
    for (_, e) in &events {
        if let plenum_protocol::ServerEvent::Polls(PollsEvent::Progress { results, .. }) = e {
            assert_eq!(
                results,
                &Some(PollResults {
                    counts: vec![0, 0, 1],
                    voters: None
                }),
                "live results for everyone, names for nobody"
            );
        }
    }
    t.polls(m, PollsCommand::Close { poll_id: 1 });
    let report = t.persisted().into_iter().next();
    let Some(Record::MeetingReport(report)) = report else {
        panic!("closing stores the report");
    };
    assert_eq!(
        report.polls[0].results,
        Some(PollResults {
            counts: vec![0, 0, 1],
            voters: None
        })
    );
}

#[test]
fn late_joiners_and_reconnecting_voters_see_the_polls_and_their_own_answers() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    t.polls(
        m,
        PollsCommand::Start {
            definition: definition(),
            prepared_id: Some("prep-1".into()),
        },
    );
    vote(&mut t, a, &[1]);
    t.take();
    // `a` comes back on another device: the same place, with their answer.
    let again = t.join("a");
    let state = t.polls_events_to(again);
    let [PollsEvent::State { polls, mine }] = state.as_slice() else {
        panic!("one state event, got {state:?}");
    };
    assert_eq!(polls.len(), 1);
    assert_eq!(polls[0].prepared_id.as_deref(), Some("prep-1"));
    assert_eq!(polls[0].voted, 1);
    assert_eq!(polls[0].results, None, "hidden until the close");
    assert_eq!(
        mine,
        &[PollBallot {
            poll_id: 1,
            choices: vec![1]
        }]
    );
    let late = t.join("late");
    let state = t.polls_events_to(late);
    let [PollsEvent::State { polls, mine }] = state.as_slice() else {
        panic!("one state event, got {state:?}");
    };
    assert_eq!((polls.len(), mine.len()), (1, 0));
    // Someone new may answer: the moderators learn the new count (after the interval).
    t.advance(PROGRESS_INTERVAL);
    let counts: Vec<_> = t
        .polls_events_to(m)
        .into_iter()
        .filter_map(|e| match e {
            PollsEvent::Progress {
                voted, eligible, ..
            } => Some((voted, eligible)),
            _ => None,
        })
        .collect();
    assert_eq!(counts, [(1, 3)]);
}

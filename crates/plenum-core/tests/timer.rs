//! The `timer` namespace: countdowns that expire on the fake clock and stay shown until stopped,
//! stopwatches, the ready check, the coffee break that ends by itself, and what late joiners see.

mod harness;

use harness::{TestRoom, WALL0, pid};
use plenum_core::{BREAK_MINUTES, COUNTDOWN_SECONDS, MAX_TITLE_CHARS};
use plenum_protocol::ErrorCode;
use plenum_protocol::control::{ControlCommand, Role};
use plenum_protocol::timer::{CoffeeBreak, RunningTimer, TimerCommand, TimerEvent};
use std::time::Duration;

const MOD: &[Role] = &[Role::Moderator, Role::Participant];

fn start(t: &mut TestRoom, conn: plenum_core::ConnId, seconds: Option<u32>, ready_check: bool) {
    t.timer(
        conn,
        TimerCommand::Start {
            title: " Group work\u{7} ".into(),
            seconds,
            ready_check,
        },
    );
}

#[test]
fn a_countdown_expires_on_time_and_stays_until_a_moderator_stops_it() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    t.take();
    t.advance(Duration::from_secs(2));
    start(&mut t, m, Some(60), false);
    let timer = RunningTimer {
        title: "Group work".into(),
        started_at: WALL0 + 2_000,
        ends_at: Some(WALL0 + 62_000),
        ready_check: false,
        ready: vec![],
        by: pid("m"),
    };
    assert_eq!(
        t.timer_events_to(a),
        [TimerEvent::Started {
            timer: timer.clone()
        }]
    );
    t.advance(Duration::from_secs(59));
    assert!(t.timer_events_to(a).is_empty());
    t.advance(Duration::from_secs(1));
    assert_eq!(t.timer_events_to(a), [TimerEvent::Expired]);
    // A late joiner still sees it (its end in the past: time is up).
    let late = t.join("late");
    assert_eq!(
        t.timer_events_to(late),
        [TimerEvent::State {
            timer: Some(timer),
            coffee_break: None
        }]
    );
    t.timer(m, TimerCommand::Stop);
    assert_eq!(t.timer_events_to(a), [TimerEvent::Stopped { by: pid("m") }]);
    let later = t.join("later");
    assert_eq!(
        t.timer_events_to(later),
        [TimerEvent::State {
            timer: None,
            coffee_break: None
        }]
    );
}

#[test]
fn a_new_timer_replaces_the_old_one_and_a_stopwatch_never_expires() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    start(&mut t, m, Some(30), false);
    t.advance(Duration::from_secs(10));
    start(&mut t, m, None, false);
    t.take();
    t.advance(Duration::from_secs(3_600));
    assert!(
        t.timer_events_to(a).is_empty(),
        "the replaced countdown does not fire"
    );
}

#[test]
fn people_mark_themselves_ready_and_leaving_takes_them_off_the_list() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let b = t.join("b");
    t.timer(a, TimerCommand::SetReady { ready: true });
    assert_eq!(
        t.errors_to(a),
        [ErrorCode::InvalidCommand],
        "no ready check yet"
    );
    start(&mut t, m, Some(300), true);
    t.take();
    t.timer(b, TimerCommand::SetReady { ready: true });
    t.timer(a, TimerCommand::SetReady { ready: true });
    t.timer(a, TimerCommand::SetReady { ready: true });
    let ready = |events: Vec<TimerEvent>| -> Vec<Vec<String>> {
        events
            .into_iter()
            .filter_map(|e| match e {
                TimerEvent::ReadyChanged { ready } => {
                    Some(ready.iter().map(ToString::to_string).collect())
                }
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        ready(t.timer_events_to(m)),
        [vec!["b".to_owned()], vec!["b".to_owned(), "a".to_owned()]],
        "in order of marking, once each"
    );
    t.timer(b, TimerCommand::SetReady { ready: false });
    assert_eq!(ready(t.timer_events_to(m)), [vec!["a".to_owned()]]);
    t.control(a, ControlCommand::Leave);
    assert_eq!(ready(t.timer_events_to(m)), [Vec::<String>::new()]);
}

#[test]
fn titles_and_lengths_are_checked() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    t.take();
    for seconds in [COUNTDOWN_SECONDS.start() - 1, COUNTDOWN_SECONDS.end() + 1] {
        start(&mut t, m, Some(seconds), false);
        assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand], "{seconds} s");
    }
    t.timer(
        m,
        TimerCommand::Start {
            title: "x".repeat(MAX_TITLE_CHARS + 1),
            seconds: None,
            ready_check: false,
        },
    );
    assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand]);
    for minutes in [BREAK_MINUTES.start() - 1, BREAK_MINUTES.end() + 1] {
        t.timer(m, TimerCommand::StartBreak { minutes });
        assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand], "{minutes} min");
    }
}

#[test]
fn a_coffee_break_ends_by_itself_or_early_and_late_joiners_see_it() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    t.take();
    t.timer(m, TimerCommand::StartBreak { minutes: 10 });
    let coffee_break = CoffeeBreak {
        started_at: WALL0,
        ends_at: WALL0 + 600_000,
        by: pid("m"),
    };
    assert_eq!(
        t.timer_events_to(a),
        [TimerEvent::BreakStarted {
            coffee_break: coffee_break.clone()
        }]
    );
    t.advance(Duration::from_secs(300));
    let late = t.join("late");
    assert_eq!(
        t.timer_events_to(late),
        [TimerEvent::State {
            timer: None,
            coffee_break: Some(coffee_break)
        }]
    );
    t.advance(Duration::from_secs(300));
    assert_eq!(t.timer_events_to(a), [TimerEvent::BreakEnded { by: None }]);

    t.timer(m, TimerCommand::StartBreak { minutes: 5 });
    t.advance(Duration::from_secs(60));
    t.take();
    t.timer(m, TimerCommand::EndBreak);
    assert_eq!(
        t.timer_events_to(a),
        [TimerEvent::BreakEnded { by: Some(pid("m")) }]
    );
    t.advance(Duration::from_secs(600));
    assert!(
        t.timer_events_to(a).is_empty(),
        "the cancelled end does not fire"
    );
}

//! The meeting report (attendance and speaking time) leaves the room through `Output::Persist`:
//! while the conference runs, when it ends, and it is kept until acknowledged.

mod harness;

use harness::{TestRoom, WALL0, pid};
use plenum_core::{GRACE_PERIOD, Input, MediaNotice, Output, REPORT_INTERVAL};
use plenum_protocol::api::{MeetingReport, Record};
use plenum_protocol::control::{ControlCommand, Role};
use plenum_protocol::floor::FloorCommand;
use std::time::Duration;

fn reports(out: Vec<Output>) -> Vec<(String, MeetingReport)> {
    out.into_iter()
        .filter_map(|o| match o {
            Output::Persist {
                key,
                record: Record::MeetingReport(r),
            } => Some((key, r)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_final_report_holds_stays_speaking_time_and_hands_and_waits_for_its_acknowledgement() {
    let mut t = TestRoom::new();
    let a = t.join_as("a", &[Role::Owner, Role::Participant]);
    t.advance(Duration::from_secs(10));
    let b = t.join("b");
    t.unmute(a);
    t.floor(
        b,
        FloorCommand::RaiseHand {
            point_of_order: false,
        },
    );
    let at = t.now;
    t.input(Input::Media(MediaNotice::Speaking {
        participant: pid("a"),
        speaking: true,
        at,
    }));
    t.advance(Duration::from_secs(4));
    let at = t.now;
    t.input(Input::Media(MediaNotice::Speaking {
        participant: pid("a"),
        speaking: false,
        at,
    }));
    t.advance(Duration::from_secs(6));
    t.lose(b);
    t.advance(GRACE_PERIOD);
    t.take();
    t.control(a, ControlCommand::Leave);
    let [(key, report)] = &reports(t.take())[..] else {
        panic!("one report when the room empties")
    };
    assert_eq!(key, &format!("report:room-1:{WALL0}"));
    assert_eq!(report.started_at, WALL0);
    assert_eq!(report.ended_at, Some(WALL0 + 30_000));
    let by_id = |id: &str| {
        report
            .participants
            .iter()
            .find(|p| p.participant_id == pid(id))
            .expect("listed")
    };
    let (ra, rb) = (by_id("a"), by_id("b"));
    assert_eq!(ra.attended_ms, 30_000);
    assert_eq!(ra.speaking_ms, 4_000);
    assert_eq!(ra.roles, [Role::Owner, Role::Participant]);
    assert_eq!(rb.stays.len(), 1);
    assert_eq!(rb.stays[0].joined_at, WALL0 + 10_000);
    // b's place was given up when the grace period (counted from the last message) ended.
    assert_eq!(rb.stays[0].left_at, Some(WALL0 + 30_000));
    assert_eq!((rb.speaking_ms, rb.hands_raised), (0, 1));

    assert!(!t.room.is_empty(), "kept until the record is stored");
    t.input(Input::Persisted { key: key.clone() });
    assert!(t.room.is_empty());
}

#[test]
fn a_running_conference_is_reported_every_interval() {
    let mut t = TestRoom::new();
    t.join("a");
    t.take();
    t.advance(REPORT_INTERVAL - Duration::from_millis(1));
    assert!(reports(t.take()).is_empty());
    t.advance(Duration::from_millis(1));
    let [(_, report)] = &reports(t.take())[..] else {
        panic!("one intermediate report")
    };
    assert_eq!(report.ended_at, None);
    assert_eq!(report.participants[0].stays[0].left_at, None);
    t.advance(REPORT_INTERVAL);
    assert_eq!(reports(t.take()).len(), 1);
}

#[test]
fn a_new_conference_in_the_same_room_starts_afresh() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    t.control(a, ControlCommand::Leave);
    t.take();
    t.advance(Duration::from_secs(60));
    let b = t.join("b");
    t.control(b, ControlCommand::Leave);
    let [(key, report)] = &reports(t.take())[..] else {
        panic!("one report")
    };
    assert_eq!(key, &format!("report:room-1:{}", WALL0 + 60_000));
    assert_eq!(report.participants.len(), 1);
}

//! The waiting room: who waits, what a waiting person receives (nothing about the meeting),
//! admitting and rejecting, switching it during the meeting, sending people back, the lock.

mod harness;

use harness::{TestRoom, pid};
use plenum_core::{GRACE_PERIOD, Input, MediaRequest, Output};
use plenum_protocol::control::{ControlCommand, ControlEvent, LeaveReason, Role};
use plenum_protocol::media::MediaCommand;
use plenum_protocol::moderation::{ModerationCommand, ModerationEvent, PolicyChange, WaitingRoom};
use plenum_protocol::{CloseCode, ErrorCode, ServerEvent};

fn room_with(waiting_room: WaitingRoom) -> TestRoom {
    let mut t = TestRoom::new();
    t.policy.waiting_room = waiting_room;
    t.policy.version = 1;
    t
}

fn waiting_names(events: &[ModerationEvent]) -> Option<Vec<String>> {
    events.iter().rev().find_map(|e| match e {
        ModerationEvent::WaitingList { waiting } | ModerationEvent::State { waiting, .. } => {
            Some(waiting.iter().map(|w| w.id.to_string()).collect())
        }
        _ => None,
    })
}

#[test]
fn guests_wait_and_learn_nothing_while_members_and_moderators_enter() {
    let mut t = room_with(WaitingRoom::Guests);
    let m = t.join_as("mod", &[Role::Moderator, Role::Participant]);
    let p = t.join("pat");
    t.take();
    let g = t.join_as("gus", &[Role::Guest]);
    assert_eq!(t.names(), ["mod", "pat"]);
    let events = t.events();
    let to_g: Vec<&ServerEvent> = events
        .iter()
        .filter(|(to, _)| to.contains(&g))
        .map(|(_, e)| e)
        .collect();
    assert!(
        matches!(&to_g[..], [ServerEvent::Control(ControlEvent::Waiting { you, resumed: false, .. })] if you == &pid("gus")),
        "a waiting guest gets `waiting` and nothing else: {to_g:?}"
    );
    assert!(
        !events.iter().any(|(to, _)| to.contains(&p)),
        "participants are not told about the waiting room"
    );
    let to_mod: Vec<ModerationEvent> = events
        .into_iter()
        .filter(|(to, _)| to.contains(&m))
        .filter_map(|(_, e)| match e {
            ServerEvent::Moderation(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(waiting_names(&to_mod), Some(vec!["gus".to_string()]));

    // While waiting: others come and go, speak and publish; the guest hears of none of it.
    let q = t.join("quinn");
    t.unmute(q);
    t.control(q, ControlCommand::Leave);
    assert!(
        !t.events().iter().any(|(to, _)| to.contains(&g)),
        "a waiting person receives no meeting data"
    );
    // Only heartbeat and leaving are allowed; media is refused.
    t.media(
        g,
        MediaCommand::Offer {
            sdp: "v=0".into(),
            video_slots: None,
        },
    );
    assert_eq!(t.errors_to(g), vec![ErrorCode::Forbidden]);
    assert!(t.media_requests().is_empty());
    t.control(g, ControlCommand::Ping);
    assert_eq!(t.control_events_to(g), vec![ControlEvent::Pong]);

    t.moderation(
        m,
        ModerationCommand::Admit {
            participant: pid("gus"),
        },
    );
    let events = t.events();
    assert!(events.iter().any(|(to, e)| to == &vec![g]
        && matches!(e, ServerEvent::Control(ControlEvent::Joined { participants, .. }) if participants.len() == 3)));
    assert!(events.iter().any(|(to, e)| to.contains(&p)
        && matches!(e, ServerEvent::Control(ControlEvent::ParticipantJoined { participant }) if participant.id == pid("gus") && participant.roles == [Role::Guest])));
    assert_eq!(t.names(), ["mod", "pat", "gus"]);
}

#[test]
fn everyone_but_moderators_waits_and_admit_all_lets_them_in_in_order() {
    let mut t = room_with(WaitingRoom::Everyone);
    let owner = t.join_as("own", &[Role::Owner, Role::Participant]);
    for name in ["b", "c", "d"] {
        t.join(name);
        t.advance(std::time::Duration::from_secs(1));
    }
    assert_eq!(t.names(), ["own"]);
    let waiting = waiting_names(&t.moderation_events_to(owner));
    assert_eq!(waiting, Some(vec!["b".into(), "c".into(), "d".into()]));
    t.moderation(owner, ModerationCommand::AdmitAll);
    assert_eq!(t.names(), ["own", "b", "c", "d"]);
    assert_eq!(waiting_names(&t.moderation_events_to(owner)), Some(vec![]));
}

#[test]
fn rejected_people_are_closed_and_others_admit_what_is_left() {
    let mut t = room_with(WaitingRoom::Everyone);
    let m1 = t.join_as("m1", &[Role::Moderator, Role::Participant]);
    let m2 = t.join_as("m2", &[Role::Moderator, Role::Participant]);
    let x = t.join("x");
    t.take();
    // Two moderators act on the same person at once: the first decision wins.
    t.moderation(
        m1,
        ModerationCommand::Reject {
            participant: pid("x"),
        },
    );
    assert!(t.closes().contains(&(x, CloseCode::NotAdmitted)));
    t.moderation(
        m2,
        ModerationCommand::Admit {
            participant: pid("x"),
        },
    );
    assert_eq!(t.errors_to(m2), vec![ErrorCode::NotFound]);
    assert_eq!(t.names(), ["m1", "m2"]);
}

#[test]
fn switching_the_waiting_room_off_lets_everyone_in_and_on_holds_newcomers() {
    let mut t = room_with(WaitingRoom::Off);
    let m = t.join_as("mod", &[Role::Moderator, Role::Participant]);
    t.join("early");
    t.moderation(
        m,
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                waiting_room: Some(WaitingRoom::Everyone),
                ..PolicyChange::default()
            },
        },
    );
    assert!(t.events().iter().any(|(to, e)| to.contains(&m)
        && matches!(e, ServerEvent::Moderation(ModerationEvent::PolicyChanged { policy, by: Some(by) }) if policy.waiting_room == WaitingRoom::Everyone && by == &pid("mod"))));
    t.join("late");
    assert_eq!(
        t.names(),
        ["mod", "early"],
        "newcomers wait, people inside stay"
    );
    t.moderation(
        m,
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                waiting_room: Some(WaitingRoom::Off),
                ..PolicyChange::default()
            },
        },
    );
    assert_eq!(t.names(), ["mod", "early", "late"]);
}

#[test]
fn sending_back_to_the_waiting_room_stops_media_and_hides_the_meeting() {
    let mut t = room_with(WaitingRoom::Off);
    let m = t.join_as("mod", &[Role::Moderator, Role::Participant]);
    let p = t.join("pat");
    t.unmute(p);
    t.take();
    t.moderation(
        m,
        ModerationCommand::SendToWaitingRoom {
            participant: pid("pat"),
        },
    );
    let out = t.take();
    assert!(out.contains(&Output::Media(MediaRequest::RemovePeer {
        participant: pid("pat")
    })));
    assert!(out.iter().any(|o| matches!(o, Output::Send { to, event: ServerEvent::Control(ControlEvent::ParticipantLeft { reason: LeaveReason::SentToWaitingRoom, .. }), .. } if to == &vec![m])));
    assert!(out.iter().any(|o| matches!(o, Output::Send { to, event: ServerEvent::Control(ControlEvent::Waiting { .. }), .. } if to == &vec![p])));
    assert_eq!(t.names(), ["mod"]);
    // A moderator cannot be sent away by another moderator.
    let m2 = t.join_as("mod2", &[Role::Moderator, Role::Participant]);
    t.take();
    t.moderation(
        m2,
        ModerationCommand::SendToWaitingRoom {
            participant: pid("mod"),
        },
    );
    assert_eq!(t.errors_to(m2), vec![ErrorCode::Forbidden]);
}

#[test]
fn a_waiting_person_resumes_into_the_waiting_room() {
    let mut t = room_with(WaitingRoom::Everyone);
    let _m = t.join_as("mod", &[Role::Moderator, Role::Participant]);
    let w = t.join("w");
    t.lose(w);
    t.advance(GRACE_PERIOD / 2);
    let w2 = t.new_conn();
    t.input(Input::Resume {
        conn: w2,
        token: "token-w".into(),
        next_token: "token-w2".into(),
        command_id: Some(7),
    });
    assert!(
        matches!(&t.control_events_to(w2)[..], [ControlEvent::Waiting { resumed: true, resume_token, .. }] if resume_token == "token-w2")
    );
    assert_eq!(t.names(), ["mod"]);
}

#[test]
fn admitted_people_who_lost_their_connection_come_straight_back_removed_ones_wait() {
    let mut t = room_with(WaitingRoom::Everyone);
    let m = t.join_as("mod", &[Role::Moderator, Role::Participant]);
    let a = t.join("a");
    let b = t.join("b");
    t.moderation(m, ModerationCommand::AdmitAll);
    t.lose(a);
    t.advance(GRACE_PERIOD);
    assert_eq!(t.names(), ["mod", "b"]);
    t.moderation(
        m,
        ModerationCommand::Remove {
            participant: pid("b"),
        },
    );
    assert!(t.closes().contains(&(b, CloseCode::Removed)));
    t.join("a");
    t.join("b");
    assert_eq!(t.names(), ["mod", "a"], "a comes back in, b waits again");
}

#[test]
fn a_locked_meeting_turns_away_everyone_but_moderators() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", &[Role::Moderator, Role::Participant]);
    t.moderation(
        m,
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                locked: Some(true),
                ..PolicyChange::default()
            },
        },
    );
    t.take();
    let p = t.join("p");
    assert_eq!(t.closes(), vec![(p, CloseCode::RoomLocked)]);
    t.join_as("owner", &[Role::Owner, Role::Participant]);
    assert_eq!(t.names(), ["mod", "owner"]);
}

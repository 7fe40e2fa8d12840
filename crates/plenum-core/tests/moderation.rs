//! The `moderation` namespace: muting (one, all, restricted microphones), cameras, removing
//! and banning, roles and who may change them, groups, podium, ending the meeting.

mod harness;

use harness::{TestRoom, pid};
use plenum_core::{GRACE_PERIOD, MediaRequest, Output};
use plenum_protocol::control::{ControlCommand, ControlEvent, LeaveReason, Role};
use plenum_protocol::moderation::{ModerationCommand, ModerationEvent, PolicyChange};
use plenum_protocol::{CloseCode, ErrorCode, ServerEvent};

const MOD: &[Role] = &[Role::Moderator, Role::Participant];
const OWNER: &[Role] = &[Role::Owner, Role::Participant];

fn audio(t: &TestRoom, name: &str) -> bool {
    t.participant(name).expect("inside").audio
}

#[test]
fn muting_stops_audio_at_the_sfu_and_tells_the_person() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let p = t.join("pat");
    t.unmute(p);
    t.take();
    t.moderation(
        m,
        ModerationCommand::Mute {
            participant: pid("pat"),
        },
    );
    let out = t.take();
    assert!(out.contains(&Output::Media(MediaRequest::SetPublishing {
        participant: pid("pat"),
        audio: false,
        video: true,
        screen: false
    })));
    assert!(out.iter().any(|o| matches!(o, Output::Send { to, event: ServerEvent::Moderation(ModerationEvent::Muted { by }), .. } if to == &vec![p] && by == &pid("mod"))));
    assert!(!audio(&t, "pat"));
    // Muted is not forbidden: the person may unmute again (no restriction is on).
    t.unmute(p);
    assert!(audio(&t, "pat"));
}

#[test]
fn mute_all_spares_moderators_podium_and_the_exemptions() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let co = t.join_as("co", MOD);
    let vip = t.join_as("vip", &[Role::Podium, Role::Participant]);
    let a = t.join("a");
    let b = t.join("b");
    let g = t.join_as("g", &[Role::Guest]);
    for c in [m, co, vip, a, b, g] {
        t.unmute(c);
    }
    t.take();
    t.moderation(
        m,
        ModerationCommand::MuteAll {
            except: vec![pid("b")],
        },
    );
    let muted: Vec<String> = t
        .media_requests()
        .into_iter()
        .filter_map(|r| match r {
            MediaRequest::SetPublishing {
                participant,
                audio: false,
                ..
            } => Some(participant.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(muted, ["a", "g"]);
    for (name, open) in [
        ("mod", true),
        ("co", true),
        ("vip", true),
        ("a", false),
        ("b", true),
        ("g", false),
    ] {
        assert_eq!(audio(&t, name), open, "{name}");
    }
}

#[test]
fn asking_to_unmute_never_opens_a_microphone() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let p = t.join("pat");
    t.take();
    t.moderation(
        m,
        ModerationCommand::AskToUnmute {
            participant: pid("pat"),
        },
    );
    assert_eq!(
        t.moderation_events_to(p),
        vec![ModerationEvent::UnmuteRequested { by: pid("mod") }]
    );
    assert!(!audio(&t, "pat"));
}

#[test]
fn restricted_microphones_mute_everyone_not_allowed_and_refuse_unmuting() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let vip = t.join_as("vip", &[Role::Podium, Role::Participant]);
    let a = t.join("a");
    for c in [m, vip, a] {
        t.unmute(c);
    }
    t.moderation(
        m,
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                microphones_restricted: Some(true),
                ..PolicyChange::default()
            },
        },
    );
    assert!(audio(&t, "mod") && audio(&t, "vip"));
    assert!(!audio(&t, "a"));
    t.take();
    t.unmute(a);
    assert_eq!(t.errors_to(a), vec![ErrorCode::Forbidden]);
    assert!(!audio(&t, "a"));
    assert!(
        t.participant("a").unwrap().video,
        "the camera part still applies"
    );

    t.moderation(
        m,
        ModerationCommand::AllowMicrophone {
            participant: pid("a"),
            allowed: true,
        },
    );
    assert!(t.events().iter().any(|(to, e)| to.contains(&a)
        && matches!(e, ServerEvent::Moderation(ModerationEvent::MicrophonesAllowed { participants }) if participants == &[pid("a")])));
    t.unmute(a);
    assert!(audio(&t, "a"));
    t.moderation(
        m,
        ModerationCommand::AllowMicrophone {
            participant: pid("a"),
            allowed: false,
        },
    );
    assert!(!audio(&t, "a"), "taking the permission back mutes");
}

#[test]
fn stopping_a_camera() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let p = t.join("pat");
    t.unmute(p);
    t.take();
    t.moderation(
        m,
        ModerationCommand::StopVideo {
            participant: pid("pat"),
        },
    );
    assert_eq!(
        t.moderation_events_to(p),
        vec![ModerationEvent::VideoStopped { by: pid("mod") }]
    );
    let pat = t.participant("pat").unwrap();
    assert!(pat.audio && !pat.video);
}

#[test]
fn removed_people_may_return_banned_ones_may_not() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let p = t.join("pat");
    let b = t.join("bob");
    t.take();
    t.moderation(
        m,
        ModerationCommand::Remove {
            participant: pid("pat"),
        },
    );
    let out = t.take();
    assert!(out.contains(&Output::Close {
        conn: p,
        code: CloseCode::Removed
    }));
    assert!(out.iter().any(|o| matches!(
        o,
        Output::Send {
            event: ServerEvent::Control(ControlEvent::ParticipantLeft {
                reason: LeaveReason::Removed,
                ..
            }),
            ..
        }
    )));
    t.join("pat");
    assert_eq!(t.names(), ["mod", "pat", "bob"]);

    t.moderation(
        m,
        ModerationCommand::Ban {
            participant: pid("bob"),
        },
    );
    assert!(t.closes().contains(&(b, CloseCode::Banned)));
    let again = t.join("bob");
    assert_eq!(t.closes(), vec![(again, CloseCode::Banned)]);
    // The ban is on the identity behind the ticket, whatever participant id it names.
    let mut other = t.ticket("bob-two", &[Role::Participant]);
    other.subject = "subject-bob".into();
    let sneaky = t.join_with(other);
    assert_eq!(t.closes(), vec![(sneaky, CloseCode::Banned)]);
    assert_eq!(t.names(), ["mod", "pat"]);
}

#[test]
fn nobody_removes_the_owner_and_only_the_owner_removes_moderators() {
    let mut t = TestRoom::new();
    let owner = t.join_as("own", OWNER);
    let m = t.join_as("mod", MOD);
    let _co = t.join_as("co", MOD);
    t.take();
    t.moderation(
        m,
        ModerationCommand::Remove {
            participant: pid("own"),
        },
    );
    assert_eq!(t.errors_to(m), vec![ErrorCode::Forbidden]);
    t.moderation(
        m,
        ModerationCommand::Ban {
            participant: pid("co"),
        },
    );
    assert_eq!(t.errors_to(m), vec![ErrorCode::Forbidden]);
    t.moderation(
        m,
        ModerationCommand::Remove {
            participant: pid("mod"),
        },
    );
    assert_eq!(
        t.errors_to(m),
        vec![ErrorCode::Forbidden],
        "not oneself either"
    );
    t.moderation(
        owner,
        ModerationCommand::Remove {
            participant: pid("co"),
        },
    );
    assert_eq!(t.names(), ["own", "mod"]);
}

#[test]
fn promotion_demotion_and_who_may_demote_whom() {
    let mut t = TestRoom::new();
    let owner = t.join_as("own", OWNER);
    let invited = t.join_as("inv", MOD); // invited as moderator by the owner
    let p = t.join("pat");
    let q = t.join("quinn");
    t.take();
    t.moderation(
        invited,
        ModerationCommand::Promote {
            participant: pid("pat"),
        },
    );
    let pat = t.participant("pat").unwrap();
    assert_eq!(pat.roles, [Role::Moderator, Role::Participant]);
    // The new moderator now receives what moderators see.
    assert!(t.events().iter().any(|(to, e)| to == &vec![p]
        && matches!(e, ServerEvent::Moderation(ModerationEvent::State { .. }))));
    // Pat can now moderate; a moderator may demote a moderator made by a moderator …
    t.moderation(
        p,
        ModerationCommand::Promote {
            participant: pid("quinn"),
        },
    );
    t.moderation(
        p,
        ModerationCommand::Demote {
            participant: pid("quinn"),
        },
    );
    assert_eq!(t.participant("quinn").unwrap().roles, [Role::Participant]);
    // … but not one the owner appointed, and nobody demotes the owner.
    t.take();
    t.moderation(
        p,
        ModerationCommand::Demote {
            participant: pid("inv"),
        },
    );
    assert_eq!(t.errors_to(p), vec![ErrorCode::Forbidden]);
    t.moderation(
        invited,
        ModerationCommand::Demote {
            participant: pid("own"),
        },
    );
    assert_eq!(t.errors_to(invited), vec![ErrorCode::Forbidden]);
    t.moderation(
        owner,
        ModerationCommand::Demote {
            participant: pid("inv"),
        },
    );
    assert_eq!(t.participant("inv").unwrap().roles, [Role::Participant]);
    // A demoted moderator can no longer moderate.
    t.take();
    t.moderation(
        invited,
        ModerationCommand::Mute {
            participant: pid("quinn"),
        },
    );
    assert_eq!(t.errors_to(invited), vec![ErrorCode::Forbidden]);
    let _ = q;
}

#[test]
fn roles_and_groups_set_in_the_meeting_survive_a_lost_connection() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let p = t.join_as("pat", &[Role::Guest]);
    t.moderation(
        m,
        ModerationCommand::Promote {
            participant: pid("pat"),
        },
    );
    t.moderation(
        m,
        ModerationCommand::SetPodium {
            participant: pid("pat"),
            podium: true,
        },
    );
    t.moderation(
        m,
        ModerationCommand::SetGroups {
            participant: pid("pat"),
            groups: vec![" Greens ".into(), "Committee".into()],
        },
    );
    t.lose(p);
    t.advance(GRACE_PERIOD);
    assert_eq!(t.names(), ["mod"]);
    t.join_as("pat", &[Role::Guest]);
    let pat = t.participant("pat").unwrap();
    assert_eq!(pat.roles, [Role::Moderator, Role::Guest, Role::Podium]);
    assert_eq!(pat.groups, ["Committee", "Greens"]);
    assert_eq!(t.names(), ["pat", "mod"], "podium guests are listed first");
}

#[test]
fn groups_are_checked() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    t.join("pat");
    t.take();
    for groups in [
        vec!["".to_string()],
        vec!["x".repeat(41)],
        (0..9).map(|i| i.to_string()).collect(),
    ] {
        t.moderation(
            m,
            ModerationCommand::SetGroups {
                participant: pid("pat"),
                groups,
            },
        );
        assert_eq!(t.errors_to(m), vec![ErrorCode::InvalidCommand]);
    }
    t.moderation(
        m,
        ModerationCommand::SetGroups {
            participant: pid("ghost"),
            groups: vec![],
        },
    );
    assert_eq!(t.errors_to(m), vec![ErrorCode::NotFound]);
}

#[test]
fn ending_the_meeting_closes_everyone() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let p = t.join("pat");
    t.take();
    t.moderation(m, ModerationCommand::End { debrief: false });
    let out = t.take();
    assert!(out.contains(&Output::Close {
        conn: m,
        code: CloseCode::MeetingEnded
    }));
    assert!(out.contains(&Output::Close {
        conn: p,
        code: CloseCode::MeetingEnded
    }));
    assert!(out.iter().any(|o| matches!(o, Output::Send { to, event: ServerEvent::Moderation(ModerationEvent::Ended { debrief: false, .. }), .. } if to.contains(&p))));
    assert!(t.names().is_empty());
}

#[test]
fn end_and_debrief_keeps_only_the_moderators_and_locks() {
    let mut t = TestRoom::new();
    let owner = t.join_as("own", OWNER);
    let m = t.join_as("mod", MOD);
    let p = t.join("pat");
    let g = t.join_as("gus", &[Role::Guest]);
    t.take();
    t.moderation(owner, ModerationCommand::End { debrief: true });
    let closes = t.closes();
    assert!(closes.contains(&(p, CloseCode::MeetingEnded)));
    assert!(closes.contains(&(g, CloseCode::MeetingEnded)));
    assert!(!closes.iter().any(|(c, _)| *c == owner || *c == m));
    assert_eq!(t.names(), ["own", "mod"]);
    let late = t.join("late");
    assert_eq!(t.closes(), vec![(late, CloseCode::RoomLocked)]);
    t.control(m, ControlCommand::Ping);
    assert_eq!(t.control_events_to(m), vec![ControlEvent::Pong]);
}

#[test]
fn guests_are_marked_as_guests_for_everyone() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    t.take();
    t.join_as("g", &[Role::Guest]);
    assert!(t.control_events_to(a).iter().any(|e| matches!(e, ControlEvent::ParticipantJoined { participant } if participant.roles == [Role::Guest])));
}

fn share(t: &mut TestRoom, conn: plenum_core::ConnId) {
    t.control(
        conn,
        ControlCommand::UpdateMedia {
            audio: false,
            video: true,
            screen: true,
        },
    );
}

#[test]
fn screen_sharing_can_be_kept_to_moderators_and_podium_and_stopped() {
    let mut t = TestRoom::new();
    let m = t.join_as("mod", MOD);
    let vip = t.join_as("vip", &[Role::Podium, Role::Participant]);
    let p = t.join("pat");
    share(&mut t, p);
    let out = t.take();
    assert!(out.contains(&Output::Media(MediaRequest::SetPublishing {
        participant: pid("pat"),
        audio: false,
        video: true,
        screen: true
    })));
    assert!(t.participant("pat").unwrap().screen);
    // Only moderators and podium guests may share now: Pat's share stops.
    t.moderation(
        m,
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                screen_sharing: Some(false),
                ..PolicyChange::default()
            },
        },
    );
    assert!(!t.participant("pat").unwrap().screen);
    t.take();
    share(&mut t, p);
    assert_eq!(t.errors_to(p), vec![ErrorCode::Forbidden]);
    assert!(
        t.participant("pat").unwrap().video,
        "the camera part still applies"
    );
    share(&mut t, vip);
    assert!(t.participant("vip").unwrap().screen);
    t.take();
    t.moderation(
        m,
        ModerationCommand::StopScreenShare {
            participant: pid("vip"),
        },
    );
    assert_eq!(
        t.moderation_events_to(vip),
        vec![ModerationEvent::ScreenShareStopped { by: pid("mod") }]
    );
    assert!(!t.participant("vip").unwrap().screen);
}

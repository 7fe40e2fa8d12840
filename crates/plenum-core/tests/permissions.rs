//! The authorization matrix: every command of every namespace, sent by every role (and by a
//! person in the waiting room, and with hands switched off), is either carried out or refused
//! with a stable error code, exactly as `docs/protocol/moderation.md` documents.

mod harness;

use harness::{TestRoom, pid};
use plenum_protocol::breakout::{BreakoutCommand, BreakoutPlan, BreakoutRoomPlan};
use plenum_protocol::chat::{ChatAudience, ChatCommand};
use plenum_protocol::control::{ControlCommand, Role};
use plenum_protocol::floor::FloorCommand;
use plenum_protocol::media::MediaCommand;
use plenum_protocol::moderation::{ModerationCommand, PolicyChange, WaitingRoom};
use plenum_protocol::polls::{PollDefinition, PollsCommand};
use plenum_protocol::timer::TimerCommand;
use plenum_protocol::votes::{Eligibility, Problem, VoteDefinition, VoteKind, VotesCommand};
use plenum_protocol::{ClientCommand, ErrorCode};

/// Who may send a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Everyone inside.
    Everyone,
    /// Everyone inside except recorders.
    NotRecorders,
    /// Owners and moderators.
    Chairs,
    /// People with an account (not guests, not recorders) who are on a vote's list.
    Voters,
    /// Nobody once joined (`join`/`resume` are first messages only).
    FirstMessageOnly,
}

/// The documented rule of each command. Exhaustive: a new command does not compile until its
/// rule is written down here.
fn rule(command: &ClientCommand) -> Rule {
    use ClientCommand as C;
    match command {
        C::Control(c) => match c {
            ControlCommand::Join { .. } | ControlCommand::Resume { .. } => Rule::FirstMessageOnly,
            ControlCommand::Ping | ControlCommand::UpdateMedia { .. } | ControlCommand::Leave => {
                Rule::Everyone
            }
        },
        C::Media(c) => match c {
            MediaCommand::Offer { .. }
            | MediaCommand::Answer { .. }
            | MediaCommand::Subscribe { .. } => Rule::Everyone,
        },
        C::Moderation(c) => match c {
            ModerationCommand::UpdatePolicy { .. }
            | ModerationCommand::Admit { .. }
            | ModerationCommand::AdmitAll
            | ModerationCommand::Reject { .. }
            | ModerationCommand::SendToWaitingRoom { .. }
            | ModerationCommand::Mute { .. }
            | ModerationCommand::MuteAll { .. }
            | ModerationCommand::AskToUnmute { .. }
            | ModerationCommand::AllowMicrophone { .. }
            | ModerationCommand::StopVideo { .. }
            | ModerationCommand::StopScreenShare { .. }
            | ModerationCommand::Remove { .. }
            | ModerationCommand::Ban { .. }
            | ModerationCommand::Promote { .. }
            | ModerationCommand::Demote { .. }
            | ModerationCommand::SetPodium { .. }
            | ModerationCommand::SetGroups { .. }
            | ModerationCommand::End { .. } => Rule::Chairs,
        },
        C::Floor(c) => match c {
            FloorCommand::RaiseHand { .. } => Rule::NotRecorders,
            FloorCommand::LowerHand => Rule::Everyone,
            // Without a running turn only a moderator may end it.
            FloorCommand::EndTurn
            | FloorCommand::LowerHandOf { .. }
            | FloorCommand::LowerAll
            | FloorCommand::GiveFloor { .. }
            | FloorCommand::SetTurnLimit { .. } => Rule::Chairs,
        },
        C::Chat(c) => match c {
            ChatCommand::Send { .. } => Rule::Everyone,
            ChatCommand::SetEnabled { .. } | ChatCommand::Clear => Rule::Chairs,
        },
        // Marking oneself ready needs a running ready check (see `scene`).
        C::Timer(c) => match c {
            TimerCommand::SetReady { .. } => Rule::Everyone,
            TimerCommand::Start { .. }
            | TimerCommand::Stop
            | TimerCommand::StartBreak { .. }
            | TimerCommand::EndBreak => Rule::Chairs,
        },
        // Answering needs a running poll (see `scene`); recorders never answer.
        C::Polls(c) => match c {
            PollsCommand::Vote { .. } => Rule::NotRecorders,
            PollsCommand::Start { .. } | PollsCommand::Close { .. } => Rule::Chairs,
        },
        // Casting and reporting need a running vote that lists the actor (see `scene`: everyone
        // with an account).
        C::Votes(c) => match c {
            VotesCommand::Cast { .. } | VotesCommand::ReportProblem { .. } => Rule::Voters,
            VotesCommand::Start { .. }
            | VotesCommand::Close { .. }
            | VotesCommand::Cancel { .. } => Rule::Chairs,
        },
        C::Breakout(c) => match c {
            BreakoutCommand::Start { .. }
            | BreakoutCommand::Extend { .. }
            | BreakoutCommand::Broadcast { .. }
            | BreakoutCommand::Move { .. }
            | BreakoutCommand::End => Rule::Chairs,
        },
    }
}

fn poll() -> PollDefinition {
    PollDefinition {
        topic: "Lunch?".into(),
        answers: vec!["Yes".into(), "No".into()],
        multiple: false,
        anonymous: false,
        live_results: false,
        changeable: false,
        guests_excluded: false,
        seconds: None,
    }
}

fn samples() -> Vec<ClientCommand> {
    let target = || pid("target");
    let waiter = || pid("waiter");
    let control = [
        ControlCommand::Join {
            ticket: "t".into(),
            audio: true,
            video: true,
        },
        ControlCommand::Resume { token: "t".into() },
        ControlCommand::Ping,
        ControlCommand::UpdateMedia {
            audio: true,
            video: true,
            screen: false,
        },
        ControlCommand::Leave,
    ];
    let media = [
        MediaCommand::Offer {
            sdp: "v=0".into(),
            video_slots: None,
        },
        MediaCommand::Answer { sdp: "v=0".into() },
        MediaCommand::Subscribe {
            video: vec![target()],
            large: None,
        },
    ];
    let moderation = [
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                hands: Some(false),
                ..PolicyChange::default()
            },
        },
        ModerationCommand::Admit {
            participant: waiter(),
        },
        ModerationCommand::AdmitAll,
        ModerationCommand::Reject {
            participant: waiter(),
        },
        ModerationCommand::SendToWaitingRoom {
            participant: target(),
        },
        ModerationCommand::Mute {
            participant: target(),
        },
        ModerationCommand::MuteAll { except: vec![] },
        ModerationCommand::AskToUnmute {
            participant: target(),
        },
        ModerationCommand::AllowMicrophone {
            participant: target(),
            allowed: true,
        },
        ModerationCommand::StopVideo {
            participant: target(),
        },
        ModerationCommand::Remove {
            participant: target(),
        },
        ModerationCommand::Ban {
            participant: target(),
        },
        ModerationCommand::Promote {
            participant: target(),
        },
        ModerationCommand::Demote {
            participant: target(),
        },
        ModerationCommand::SetPodium {
            participant: target(),
            podium: true,
        },
        ModerationCommand::SetGroups {
            participant: target(),
            groups: vec!["Blue".into()],
        },
        ModerationCommand::End { debrief: true },
    ];
    let floor = [
        FloorCommand::RaiseHand {
            point_of_order: true,
        },
        FloorCommand::LowerHand,
        FloorCommand::LowerHandOf {
            participant: target(),
        },
        FloorCommand::LowerAll,
        FloorCommand::GiveFloor {
            participant: target(),
        },
        FloorCommand::EndTurn,
        FloorCommand::SetTurnLimit { seconds: Some(60) },
    ];
    let chat = [
        ChatCommand::Send {
            to: ChatAudience::Everyone,
            text: "Hello".into(),
        },
        ChatCommand::SetEnabled { enabled: true },
        ChatCommand::Clear,
    ];
    let timer = [
        TimerCommand::Start {
            title: "Group work".into(),
            seconds: Some(300),
            ready_check: true,
        },
        TimerCommand::Stop,
        TimerCommand::SetReady { ready: true },
        TimerCommand::StartBreak { minutes: 10 },
        TimerCommand::EndBreak,
    ];
    let polls = [
        PollsCommand::Start {
            definition: poll(),
            prepared_id: None,
        },
        PollsCommand::Vote {
            poll_id: 1,
            choices: vec![0],
        },
        PollsCommand::Close { poll_id: 1 },
    ];
    // `scene` opens breakout rooms, so these act on them (opening them twice is refused for
    // everyone; `tests/breakout.rs` covers `start`).
    let breakout = [
        BreakoutCommand::Extend { seconds: 60 },
        BreakoutCommand::Broadcast {
            text: "Five minutes left".into(),
        },
        BreakoutCommand::Move {
            participant: target(),
            room: Some(2),
        },
        BreakoutCommand::End,
    ];
    // `scene` starts a vote, so these act on it (a second start is refused for everyone;
    // `tests/votes.rs` covers `start`).
    let votes = [
        VotesCommand::Cast {
            vote_id: 1,
            choice: 0,
        },
        VotesCommand::ReportProblem {
            vote_id: 1,
            problem: Problem::Audio,
            text: None,
        },
        VotesCommand::Close { vote_id: 1 },
        VotesCommand::Cancel {
            vote_id: 1,
            reason: "Wrong motion".into(),
        },
    ];
    control
        .into_iter()
        .map(ClientCommand::Control)
        .chain(media.into_iter().map(ClientCommand::Media))
        .chain(moderation.into_iter().map(ClientCommand::Moderation))
        .chain(floor.into_iter().map(ClientCommand::Floor))
        .chain(chat.into_iter().map(ClientCommand::Chat))
        .chain(timer.into_iter().map(ClientCommand::Timer))
        .chain(polls.into_iter().map(ClientCommand::Polls))
        .chain(breakout.into_iter().map(ClientCommand::Breakout))
        .chain(votes.into_iter().map(ClientCommand::Votes))
        .collect()
}

/// A room with the actor, a participant to act on (unmuted, hand raised), a running ready check,
/// a running poll, open breakout rooms, a running secret vote and a person in the waiting room; returns it with the
/// actor's connection.
fn scene(actor: &[Role], hands: bool) -> (TestRoom, plenum_core::ConnId) {
    let mut t = TestRoom::new();
    t.policy.version = 1;
    t.policy.hands = hands;
    let owner = t.join_as("owner", &[Role::Owner, Role::Participant]);
    let me = t.join_as("actor", actor);
    let target = t.join("target");
    t.unmute(target);
    t.floor(
        target,
        FloorCommand::RaiseHand {
            point_of_order: false,
        },
    );
    t.moderation(
        owner,
        ModerationCommand::UpdatePolicy {
            change: PolicyChange {
                waiting_room: Some(WaitingRoom::Everyone),
                ..PolicyChange::default()
            },
        },
    );
    t.timer(
        owner,
        TimerCommand::Start {
            title: String::new(),
            seconds: None,
            ready_check: true,
        },
    );
    t.polls(
        owner,
        PollsCommand::Start {
            definition: poll(),
            prepared_id: None,
        },
    );
    t.command(
        owner,
        ClientCommand::Breakout(BreakoutCommand::Start {
            plan: BreakoutPlan {
                rooms: ["Group 1", "Group 2"]
                    .into_iter()
                    .map(|name| BreakoutRoomPlan {
                        name: name.into(),
                        members: vec![],
                        group: None,
                    })
                    .collect(),
                seconds: Some(600),
                assign_late_joiners: false,
                include_moderators: false,
            },
        }),
    );
    t.command(
        owner,
        ClientCommand::Votes(VotesCommand::Start {
            definition: VoteDefinition {
                topic: "Adopt the budget?".into(),
                options: vec!["Yes".into(), "No".into()],
                kind: VoteKind::Secret,
                live_results: false,
                voters: Eligibility {
                    everyone: true,
                    ..Eligibility::default()
                },
                seconds: None,
            },
            prepared_id: None,
        }),
    );
    t.join("waiter");
    t.take();
    (t, me)
}

fn outcome(
    t: &mut TestRoom,
    me: plenum_core::ConnId,
    command: ClientCommand,
) -> Result<(), ErrorCode> {
    t.command(me, command);
    match t.errors_to(me)[..] {
        [] => Ok(()),
        [code] => Err(code),
        ref more => panic!("several errors: {more:?}"),
    }
}

#[test]
fn every_command_by_every_role() {
    let actors: [(&str, &[Role]); 7] = [
        ("owner", &[Role::Owner, Role::Participant]),
        ("moderator", &[Role::Moderator, Role::Participant]),
        ("participant", &[Role::Participant]),
        ("guest", &[Role::Guest]),
        ("podium", &[Role::Participant, Role::Podium]),
        ("interpreter", &[Role::Guest, Role::Interpreter]),
        ("recorder", &[Role::Recorder]),
    ];
    let mut checked = 0;
    for (name, roles) in actors {
        let chair = roles.contains(&Role::Owner) || roles.contains(&Role::Moderator);
        let recorder = roles == [Role::Recorder];
        for command in samples() {
            let expected = match rule(&command) {
                Rule::Everyone => Ok(()),
                Rule::NotRecorders if recorder => Err(ErrorCode::Forbidden),
                Rule::NotRecorders => Ok(()),
                Rule::Chairs if chair => Ok(()),
                Rule::Chairs => Err(ErrorCode::Forbidden),
                Rule::Voters if recorder || roles.contains(&Role::Guest) => {
                    Err(ErrorCode::Forbidden)
                }
                Rule::Voters => Ok(()),
                Rule::FirstMessageOnly => Err(ErrorCode::NotJoined),
            };
            let (mut t, me) = scene(roles, true);
            let shown = format!("{command:?}");
            assert_eq!(outcome(&mut t, me, command), expected, "{name}: {shown}");
            checked += 1;
        }
    }
    assert_eq!(checked, 7 * samples().len());
}

#[test]
fn a_waiting_person_may_only_ping_and_leave() {
    for command in samples() {
        let (mut t, _) = scene(&[Role::Participant], true);
        let waiter = t.join_as("late", &[Role::Participant]);
        t.take();
        let expected = match &command {
            ClientCommand::Control(ControlCommand::Ping | ControlCommand::Leave) => Ok(()),
            ClientCommand::Control(ControlCommand::Join { .. } | ControlCommand::Resume { .. }) => {
                Err(ErrorCode::NotJoined)
            }
            _ => Err(ErrorCode::Forbidden),
        };
        let shown = format!("{command:?}");
        assert_eq!(outcome(&mut t, waiter, command), expected, "{shown}");
    }
}

#[test]
fn with_hands_switched_off_only_moderators_raise_them() {
    for (roles, expected) in [
        (&[Role::Moderator, Role::Participant][..], Ok(())),
        (&[Role::Participant][..], Err(ErrorCode::Forbidden)),
        (&[Role::Guest][..], Err(ErrorCode::Forbidden)),
        (
            &[Role::Participant, Role::Podium][..],
            Err(ErrorCode::Forbidden),
        ),
    ] {
        let (mut t, me) = scene(roles, false);
        let raise = ClientCommand::Floor(FloorCommand::RaiseHand {
            point_of_order: false,
        });
        assert_eq!(outcome(&mut t, me, raise), expected, "{roles:?}");
    }
}

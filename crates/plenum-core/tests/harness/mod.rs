//! `TestRoom`: a room with a fake clock and helpers to join, send and drain.
#![allow(dead_code)]

use plenum_core::{ConnId, Input, JoinRequest, MediaRequest, Now, Output, Room};
use plenum_protocol::breakout::{BreakoutCommand, BreakoutEvent};
use plenum_protocol::chat::{ChatCommand, ChatEvent};
use plenum_protocol::control::{ControlCommand, ControlEvent, Role};
use plenum_protocol::floor::{FloorCommand, FloorEvent};
use plenum_protocol::media::{MediaCommand, RemoteTrack, TrackKind};
use plenum_protocol::moderation::{ModerationCommand, ModerationEvent, RoomPolicy};
use plenum_protocol::polls::{PollsCommand, PollsEvent};
use plenum_protocol::timer::{TimerCommand, TimerEvent};
use plenum_protocol::votes::{VotesCommand, VotesEvent};
use plenum_protocol::{ClientCommand, CloseCode, ErrorCode, ParticipantId, RoomId, ServerEvent};
use std::time::{Duration, Instant};

/// How many people a test room holds.
pub const CAPACITY: usize = 100;

/// The wall clock of the fake clock's start (2025-01-01T00:00:00Z).
pub const WALL0: u64 = 1_735_689_600_000;

pub struct TestRoom {
    pub room: Room,
    /// The fake monotonic clock.
    pub now: Instant,
    start: Instant,
    next_conn: u64,
    /// Everything the room emitted since the last `take`.
    pub out: Vec<Output>,
    /// The policy tickets carry.
    pub policy: RoomPolicy,
}

pub fn pid(s: &str) -> ParticipantId {
    ParticipantId::parse(s).expect("test ids are valid")
}

/// A slot map line: `who`'s `kind` on slot `mid`, carrying media.
pub fn track(mid: &str, who: &str, kind: TrackKind) -> RemoteTrack {
    RemoteTrack {
        mid: mid.to_owned(),
        participant_id: pid(who),
        kind,
        paused: None,
    }
}

impl TestRoom {
    pub fn new() -> Self {
        let now = Instant::now();
        TestRoom {
            room: Room::new(RoomId::parse("room-1").expect("valid id"), CAPACITY),
            now,
            start: now,
            next_conn: 0,
            out: Vec::new(),
            policy: RoomPolicy::default(),
        }
    }

    /// Both clocks now.
    pub fn clock(&self) -> Now {
        Now {
            mono: self.now,
            wall_ms: WALL0 + (self.now - self.start).as_millis() as u64,
        }
    }

    pub fn input(&mut self, input: Input) {
        self.room.handle_input(self.clock(), input);
        self.drain();
    }

    fn drain(&mut self) {
        while let Some(o) = self.room.poll_output() {
            self.out.push(o);
        }
    }

    /// Advances the fake clock, firing the room's timer when due.
    pub fn advance(&mut self, d: Duration) {
        let target = self.now + d;
        while let Some(t) = self.room.poll_timeout() {
            if t > target {
                break;
            }
            self.now = self.now.max(t);
            self.room.handle_timeout(self.clock());
            self.drain();
        }
        self.now = target;
    }

    pub fn take(&mut self) -> Vec<Output> {
        std::mem::take(&mut self.out)
    }

    pub fn new_conn(&mut self) -> ConnId {
        self.next_conn += 1;
        ConnId(self.next_conn)
    }

    /// The ticket of `name` (participant id = name) with these roles.
    pub fn ticket(&self, name: &str, roles: &[Role]) -> JoinRequest {
        JoinRequest {
            participant_id: pid(name),
            subject: format!("subject-{name}"),
            display_name: name.to_uppercase(),
            roles: roles.to_vec(),
            groups: Vec::new(),
            may_vote: !roles.contains(&Role::Guest),
            policy: self.policy.clone(),
            planned_end: None,
            resume_token: format!("token-{name}"),
            command_id: None,
            media: plenum_core::InitialMedia::default(),
        }
    }

    /// Joins `name` as a signed-in participant and returns the connection.
    pub fn join(&mut self, name: &str) -> ConnId {
        self.join_as(name, &[Role::Participant])
    }

    /// Joins `name` with these roles.
    pub fn join_as(&mut self, name: &str, roles: &[Role]) -> ConnId {
        let request = self.ticket(name, roles);
        self.join_with(request)
    }

    /// Joins with a prepared ticket.
    pub fn join_with(&mut self, request: JoinRequest) -> ConnId {
        let conn = self.new_conn();
        self.input(Input::Join { conn, request });
        conn
    }

    pub fn command(&mut self, conn: ConnId, command: ClientCommand) {
        self.input(Input::Command {
            conn,
            id: Some(1),
            command,
        });
    }

    pub fn control(&mut self, conn: ConnId, c: ControlCommand) {
        self.command(conn, ClientCommand::Control(c));
    }

    pub fn media(&mut self, conn: ConnId, c: MediaCommand) {
        self.command(conn, ClientCommand::Media(c));
    }

    pub fn moderation(&mut self, conn: ConnId, c: ModerationCommand) {
        self.command(conn, ClientCommand::Moderation(c));
    }

    pub fn floor(&mut self, conn: ConnId, c: FloorCommand) {
        self.command(conn, ClientCommand::Floor(c));
    }

    pub fn chat(&mut self, conn: ConnId, c: ChatCommand) {
        self.command(conn, ClientCommand::Chat(c));
    }

    pub fn timer(&mut self, conn: ConnId, c: TimerCommand) {
        self.command(conn, ClientCommand::Timer(c));
    }

    pub fn timer_events_to(&mut self, conn: ConnId) -> Vec<TimerEvent> {
        self.events_to(conn, |e| match e {
            ServerEvent::Timer(t) => Some(t),
            _ => None,
        })
    }

    pub fn breakout(&mut self, conn: ConnId, c: BreakoutCommand) {
        self.command(conn, ClientCommand::Breakout(c));
    }

    pub fn breakout_events_to(&mut self, conn: ConnId) -> Vec<BreakoutEvent> {
        self.events_to(conn, |e| match e {
            ServerEvent::Breakout(b) => Some(b),
            _ => None,
        })
    }

    pub fn polls(&mut self, conn: ConnId, c: PollsCommand) {
        self.command(conn, ClientCommand::Polls(c));
    }

    pub fn polls_events_to(&mut self, conn: ConnId) -> Vec<PollsEvent> {
        self.events_to(conn, |e| match e {
            ServerEvent::Polls(p) => Some(p),
            _ => None,
        })
    }

    pub fn votes(&mut self, conn: ConnId, c: VotesCommand) {
        self.command(conn, ClientCommand::Votes(c));
    }

    pub fn votes_events_to(&mut self, conn: ConnId) -> Vec<VotesEvent> {
        self.events_to(conn, |e| match e {
            ServerEvent::Votes(v) => Some(v),
            _ => None,
        })
    }

    /// Ballot claims emitted since the last take (vote key, voter subject, claim number); other
    /// outputs stay.
    pub fn claims(&mut self) -> Vec<(String, String, u64)> {
        let mut claims = Vec::new();
        self.out.retain(|o| match o {
            Output::ClaimBallot { vote, voter, claim } => {
                claims.push((vote.clone(), voter.clone(), *claim));
                false
            }
            _ => true,
        });
        claims
    }

    /// The records persisted since the last take.
    pub fn persisted(&mut self) -> Vec<plenum_protocol::api::Record> {
        self.take()
            .into_iter()
            .filter_map(|o| match o {
                Output::Persist { record, .. } => Some(record),
                _ => None,
            })
            .collect()
    }

    /// The events sent to `conn` since the last take that `pick` selects.
    pub fn events_to<T>(
        &mut self,
        conn: ConnId,
        pick: impl Fn(ServerEvent) -> Option<T>,
    ) -> Vec<T> {
        self.events()
            .into_iter()
            .filter(|(to, _)| to.contains(&conn))
            .filter_map(|(_, e)| pick(e))
            .collect()
    }

    pub fn chat_events_to(&mut self, conn: ConnId) -> Vec<ChatEvent> {
        self.events_to(conn, |e| match e {
            ServerEvent::Chat(c) => Some(c),
            _ => None,
        })
    }

    /// Switches `conn`'s microphone (and camera) on.
    pub fn unmute(&mut self, conn: ConnId) {
        self.control(
            conn,
            ControlCommand::UpdateMedia {
                audio: true,
                video: true,
                screen: false,
            },
        );
    }

    /// The error codes sent to `conn` since the last take.
    pub fn errors_to(&mut self, conn: ConnId) -> Vec<ErrorCode> {
        self.events()
            .into_iter()
            .filter(|(to, _)| to.contains(&conn))
            .filter_map(|(_, e)| match e {
                ServerEvent::Error(e) => Some(e.code()),
                _ => None,
            })
            .collect()
    }

    pub fn moderation_events_to(&mut self, conn: ConnId) -> Vec<ModerationEvent> {
        self.events_to(conn, |e| match e {
            ServerEvent::Moderation(m) => Some(m),
            _ => None,
        })
    }

    pub fn floor_events_to(&mut self, conn: ConnId) -> Vec<FloorEvent> {
        self.events_to(conn, |e| match e {
            ServerEvent::Floor(f) => Some(f),
            _ => None,
        })
    }

    /// The participant as the room shows them.
    pub fn participant(&self, name: &str) -> Option<plenum_protocol::control::Participant> {
        self.room
            .participants()
            .into_iter()
            .find(|p| p.id == pid(name))
    }

    pub fn lose(&mut self, conn: ConnId) {
        let last_seen = self.now;
        self.input(Input::ConnectionClosed {
            conn,
            clean: false,
            last_seen,
        });
    }

    /// Events (with their recipients) emitted since the last take.
    pub fn events(&mut self) -> Vec<(Vec<ConnId>, ServerEvent)> {
        self.take()
            .into_iter()
            .filter_map(|o| match o {
                Output::Send { to, event, .. } => Some((to, event)),
                _ => None,
            })
            .collect()
    }

    pub fn control_events_to(&mut self, conn: ConnId) -> Vec<ControlEvent> {
        self.events_to(conn, |e| match e {
            ServerEvent::Control(c) => Some(c),
            _ => None,
        })
    }

    pub fn media_requests(&mut self) -> Vec<MediaRequest> {
        self.take()
            .into_iter()
            .filter_map(|o| match o {
                Output::Media(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    pub fn closes(&mut self) -> Vec<(ConnId, CloseCode)> {
        self.take()
            .into_iter()
            .filter_map(|o| match o {
                Output::Close { conn, code } => Some((conn, code)),
                _ => None,
            })
            .collect()
    }

    /// Everyone inside, in the order the room lists them.
    pub fn names(&self) -> Vec<String> {
        self.room
            .participants()
            .into_iter()
            .map(|p| p.id.to_string())
            .collect()
    }
}

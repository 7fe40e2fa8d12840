//! `TestRoom`: a room with a fake clock and helpers to join, send and drain.
#![allow(dead_code)]

use plenum_core::{ConnId, Input, JoinRequest, MediaRequest, Output, Room};
use plenum_protocol::control::{ControlCommand, ControlEvent, Role};
use plenum_protocol::media::MediaCommand;
use plenum_protocol::{ClientCommand, CloseCode, ParticipantId, RoomId, ServerEvent};
use std::time::{Duration, Instant};

pub struct TestRoom {
    pub room: Room,
    pub now: Instant,
    next_conn: u64,
    /// Everything the room emitted since the last `take`.
    pub out: Vec<Output>,
}

pub fn pid(s: &str) -> ParticipantId {
    ParticipantId::parse(s).expect("test ids are valid")
}

impl TestRoom {
    pub fn new() -> Self {
        TestRoom {
            room: Room::new(RoomId::parse("room-1").expect("valid id")),
            now: Instant::now(),
            next_conn: 0,
            out: Vec::new(),
        }
    }

    pub fn input(&mut self, input: Input) {
        self.room.handle_input(self.now, input);
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
            self.room.handle_timeout(self.now);
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

    /// Joins `name` (participant id = name) and returns the connection.
    pub fn join(&mut self, name: &str) -> ConnId {
        let conn = self.new_conn();
        self.input(Input::Join {
            conn,
            request: JoinRequest {
                participant_id: pid(name),
                display_name: name.to_uppercase(),
                role: Role::Participant,
                resume_token: format!("token-{name}"),
            },
        });
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
        self.events()
            .into_iter()
            .filter(|(to, _)| to.contains(&conn))
            .filter_map(|(_, e)| match e {
                ServerEvent::Control(c) => Some(c),
                _ => None,
            })
            .collect()
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

    pub fn names(&self) -> Vec<String> {
        self.room.participants().map(|p| p.id.to_string()).collect()
    }
}

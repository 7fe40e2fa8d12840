//! The [`Room`] state machine: membership, connections, grace periods and routing of commands
//! to the namespace handlers (`control`, `media`).

use crate::input::{ConnId, Input, JoinRequest, MediaNotice};
use crate::member::{Member, remote_track};
use crate::output::{MediaRequest, Output};
use plenum_protocol::control::{ConnectionState, ControlEvent, LeaveReason, Participant};
use plenum_protocol::envelope::ErrorEvent;
use plenum_protocol::media::MediaEvent;
use plenum_protocol::{ClientCommand, CloseCode, ErrorCode, ParticipantId, RoomId, ServerEvent};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How long a participant whose connection was lost keeps their place, counted from the last
/// message received from them.
pub const GRACE_PERIOD: Duration = Duration::from_secs(10);

/// One conference's signaling state. See the crate documentation.
#[derive(Debug)]
pub struct Room {
    id: RoomId,
    /// In order of joining.
    pub(crate) members: Vec<Member>,
    outbox: VecDeque<Output>,
}

impl Room {
    /// An empty room.
    pub fn new(id: RoomId) -> Room {
        Room {
            id,
            members: Vec::new(),
            outbox: VecDeque::new(),
        }
    }

    /// The room's id.
    pub fn id(&self) -> &RoomId {
        &self.id
    }

    /// `true` when nobody is in the room, not even someone within their grace period.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Everyone in the room, in order of joining.
    pub fn participants(&self) -> impl Iterator<Item = &Participant> {
        self.members.iter().map(|m| &m.public)
    }

    /// Feeds one input.
    pub fn handle_input(&mut self, now: Instant, input: Input) {
        match input {
            Input::Join { conn, request } => self.join(conn, request),
            Input::Resume {
                conn,
                token,
                next_token,
            } => self.resume(conn, &token, next_token),
            Input::Command { conn, id, command } => self.command(now, conn, id, command),
            Input::ConnectionClosed {
                conn,
                clean,
                last_seen,
            } => self.connection_closed(now, conn, clean, last_seen),
            Input::Media(notice) => self.media_notice(notice),
        }
    }

    /// Gives up the places of participants whose grace period has passed.
    pub fn handle_timeout(&mut self, now: Instant) {
        while let Some(idx) = self
            .members
            .iter()
            .position(|m| m.grace_until.is_some_and(|t| t <= now))
        {
            self.remove(idx, LeaveReason::ConnectionLost);
        }
    }

    /// The next effect, if any.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outbox.pop_front()
    }

    /// When [`Room::handle_timeout`] must be called next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.members.iter().filter_map(|m| m.grace_until).min()
    }

    fn join(&mut self, conn: ConnId, request: JoinRequest) {
        if let Some(idx) = self.index_of(&request.participant_id) {
            // The same ticket subject again: the new connection takes over the place.
            if let Some(old) = self.members[idx].conn.take() {
                self.outbox.push_back(Output::Close {
                    conn: old,
                    code: CloseCode::Replaced,
                });
            }
            self.members[idx].resume_token = request.resume_token;
            self.attach(idx, conn, false);
            return;
        }
        let participant = Participant {
            id: request.participant_id,
            display_name: request.display_name,
            role: request.role,
            audio: false,
            video: false,
            speaking: false,
            connection: ConnectionState::Connected,
        };
        self.members.push(Member {
            public: participant.clone(),
            conn: Some(conn),
            resume_token: request.resume_token,
            grace_until: None,
            pending_offer: None,
        });
        self.send_joined(self.members.len() - 1, false);
        let others = self.connections_except(Some(conn));
        self.send(
            others,
            None,
            ServerEvent::Control(ControlEvent::ParticipantJoined { participant }),
        );
    }

    fn resume(&mut self, conn: ConnId, token: &str, next_token: String) {
        let Some(idx) = self.members.iter().position(|m| m.resume_token == token) else {
            self.outbox.push_back(Output::Close {
                conn,
                code: CloseCode::ResumeRejected,
            });
            return;
        };
        if let Some(old) = self.members[idx].conn.take() {
            self.outbox.push_back(Output::Close {
                conn: old,
                code: CloseCode::Replaced,
            });
        }
        self.members[idx].resume_token = next_token;
        self.attach(idx, conn, true);
    }

    /// Binds a connection to a kept place and brings the client up to date.
    fn attach(&mut self, idx: usize, conn: ConnId, resumed: bool) {
        let was_connected = self.members[idx].is_connected();
        let member = &mut self.members[idx];
        member.conn = Some(conn);
        member.grace_until = None;
        member.public.connection = ConnectionState::Connected;
        self.send_joined(idx, resumed);
        if !was_connected {
            self.broadcast_update(idx, Some(conn));
        }
        if let Some((sdp, tracks)) = self.members[idx].pending_offer.clone() {
            self.send(
                vec![conn],
                None,
                ServerEvent::Media(MediaEvent::Offer { sdp, tracks }),
            );
        }
    }

    fn send_joined(&mut self, idx: usize, resumed: bool) {
        let member = &self.members[idx];
        let Some(conn) = member.conn else { return };
        let event = ControlEvent::Joined {
            you: member.public.id.clone(),
            room: self.id.clone(),
            participants: self.participants().cloned().collect(),
            resume_token: member.resume_token.clone(),
            resumed,
        };
        self.send(vec![conn], None, ServerEvent::Control(event));
    }

    fn command(&mut self, now: Instant, conn: ConnId, id: Option<u32>, command: ClientCommand) {
        let Some(idx) = self.members.iter().position(|m| m.conn == Some(conn)) else {
            self.error(
                conn,
                id,
                ErrorCode::NotJoined,
                "this connection has not joined",
            );
            return;
        };
        match command {
            ClientCommand::Control(c) => self.on_control(now, idx, conn, id, c),
            ClientCommand::Media(c) => self.on_media(idx, conn, id, c),
        }
    }

    fn connection_closed(&mut self, now: Instant, conn: ConnId, clean: bool, last_seen: Instant) {
        let Some(idx) = self.members.iter().position(|m| m.conn == Some(conn)) else {
            return; // already replaced or removed
        };
        if clean {
            self.remove(idx, LeaveReason::Left);
            return;
        }
        let deadline = last_seen + GRACE_PERIOD;
        if deadline <= now {
            self.remove(idx, LeaveReason::ConnectionLost);
            return;
        }
        let member = &mut self.members[idx];
        member.conn = None;
        member.grace_until = Some(deadline);
        member.public.connection = ConnectionState::Reconnecting;
        member.public.speaking = false;
        self.broadcast_update(idx, None);
    }

    fn media_notice(&mut self, notice: MediaNotice) {
        match notice {
            MediaNotice::Answer {
                participant,
                command_id,
                sdp,
            } => {
                if let Some(conn) = self.conn_of(&participant) {
                    self.send(
                        vec![conn],
                        command_id,
                        ServerEvent::Media(MediaEvent::Answer { sdp }),
                    );
                }
            }
            MediaNotice::Offer {
                participant,
                sdp,
                tracks,
            } => {
                let Some(idx) = self.index_of(&participant) else {
                    return;
                };
                let tracks: Vec<_> = tracks.into_iter().map(remote_track).collect();
                self.members[idx].pending_offer = Some((sdp.clone(), tracks.clone()));
                if let Some(conn) = self.members[idx].conn {
                    self.send(
                        vec![conn],
                        None,
                        ServerEvent::Media(MediaEvent::Offer { sdp, tracks }),
                    );
                }
            }
            MediaNotice::Rejected {
                participant,
                command_id,
                reason,
            } => {
                if let Some(conn) = self.conn_of(&participant) {
                    self.error(conn, command_id, ErrorCode::MediaRejected, reason);
                }
            }
            MediaNotice::Speaking {
                participant,
                speaking,
            } => {
                let Some(idx) = self.index_of(&participant) else {
                    return;
                };
                let public = &mut self.members[idx].public;
                // A muted or disconnected participant is never shown as speaking.
                let speaking =
                    speaking && public.audio && public.connection == ConnectionState::Connected;
                if public.speaking != speaking {
                    public.speaking = speaking;
                    self.broadcast_update(idx, None);
                }
            }
        }
    }

    /// Removes a member and tells everyone.
    pub(crate) fn remove(&mut self, idx: usize, reason: LeaveReason) {
        let member = self.members.remove(idx);
        self.outbox
            .push_back(Output::Media(MediaRequest::RemovePeer {
                participant: member.public.id.clone(),
            }));
        let others = self.connections_except(None);
        self.send(
            others,
            None,
            ServerEvent::Control(ControlEvent::ParticipantLeft {
                participant_id: member.public.id,
                reason,
            }),
        );
    }

    pub(crate) fn broadcast_update(&mut self, idx: usize, except: Option<ConnId>) {
        let participant = self.members[idx].public.clone();
        let to = self.connections_except(except);
        self.send(
            to,
            None,
            ServerEvent::Control(ControlEvent::ParticipantUpdated { participant }),
        );
    }

    pub(crate) fn index_of(&self, id: &ParticipantId) -> Option<usize> {
        self.members.iter().position(|m| &m.public.id == id)
    }

    fn conn_of(&self, id: &ParticipantId) -> Option<ConnId> {
        self.index_of(id).and_then(|i| self.members[i].conn)
    }

    fn connections_except(&self, except: Option<ConnId>) -> Vec<ConnId> {
        self.members
            .iter()
            .filter_map(|m| m.conn)
            .filter(|c| Some(*c) != except)
            .collect()
    }

    pub(crate) fn send(&mut self, to: Vec<ConnId>, id: Option<u32>, event: ServerEvent) {
        if !to.is_empty() {
            self.outbox.push_back(Output::Send { to, id, event });
        }
    }

    pub(crate) fn push(&mut self, output: Output) {
        self.outbox.push_back(output);
    }

    pub(crate) fn error(
        &mut self,
        conn: ConnId,
        id: Option<u32>,
        code: ErrorCode,
        message: impl Into<String>,
    ) {
        let event = ServerEvent::Error(ErrorEvent::new(code, message));
        self.send(vec![conn], id, event);
    }
}

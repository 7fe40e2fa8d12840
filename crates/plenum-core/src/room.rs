//! The [`Room`] state machine: admission (tickets, resume, waiting room, bans, lock), grace
//! periods, the permission check of every command, routing to the namespaces' modules, the
//! timer table, and the meeting report.
//!
//! Changes to people requested by modules are applied in `change.rs`; the namespaces
//! themselves live in one file each (`control.rs`, `media.rs`, `moderation.rs`, `floor.rs`).

use crate::change::RoomChange;
use crate::input::{ConnId, Input, JoinRequest, MediaNotice};
use crate::member::{Member, Place};
use crate::module::{Effect, ModuleTimer, Modules, Scope};
use crate::now::Now;
use crate::output::{MediaRequest, Output};
use crate::permission::Permission;
use crate::report::Attendance;
use crate::roster::{Audience, Roster};
use crate::timer_table::TimerTable;
use plenum_protocol::api::Record;
use plenum_protocol::control::{ConnectionState, ControlEvent, LeaveReason, Participant, Role};
use plenum_protocol::envelope::ErrorEvent;
use plenum_protocol::moderation::{ModerationEvent, WaitingRoom};
use plenum_protocol::{ClientCommand, CloseCode, ErrorCode, ParticipantId, RoomId, ServerEvent};
use std::collections::{BTreeSet, VecDeque};
use std::time::{Duration, Instant};

/// How long a participant whose connection was lost keeps their place, counted from the last
/// message received from them.
pub const GRACE_PERIOD: Duration = Duration::from_secs(10);

/// How often a running conference's report is stored, so that a crash loses little.
pub const REPORT_INTERVAL: Duration = Duration::from_secs(300);

/// The room's own timers and those of its modules.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum RoomTimer {
    /// A disconnected participant's place is given up.
    Grace(ParticipantId),
    /// Store the running conference's report.
    Report,
    /// A namespace's timer.
    Module(ModuleTimer),
}

/// One conference's signaling state. See the crate documentation.
#[derive(Debug)]
pub struct Room {
    id: RoomId,
    /// Most people inside and waiting (owners and moderators may always enter).
    capacity: usize,
    pub(crate) roster: Roster,
    pub(crate) modules: Modules,
    timers: TimerTable<RoomTimer>,
    /// Effects of hooks not yet carried out.
    pub(crate) effects: Vec<Effect>,
    module_timers: Vec<(ModuleTimer, Option<Instant>)>,
    outbox: VecDeque<Output>,
    pub(crate) attendance: Attendance,
    /// When the current conference began (wall clock, ms); `None` while nobody came.
    started_at: Option<u64>,
    planned_end: Option<u64>,
    /// Keys of persisted records not yet acknowledged.
    unacknowledged: BTreeSet<String>,
}

impl Room {
    /// An empty room for at most `capacity` people.
    pub fn new(id: RoomId, capacity: usize) -> Room {
        Room {
            id,
            capacity,
            roster: Roster::default(),
            modules: Modules::default(),
            timers: TimerTable::default(),
            effects: Vec::new(),
            module_timers: Vec::new(),
            outbox: VecDeque::new(),
            attendance: Attendance::default(),
            started_at: None,
            planned_end: None,
            unacknowledged: BTreeSet::new(),
        }
    }

    /// The room's id.
    pub fn id(&self) -> &RoomId {
        &self.id
    }

    /// `true` when nobody is inside or waiting (not even within their grace period) and every
    /// persisted record has been acknowledged: the runtime may drop the room.
    pub fn is_empty(&self) -> bool {
        self.roster.is_empty() && self.unacknowledged.is_empty()
    }

    /// Everyone inside, as the wire shows them.
    pub fn participants(&self) -> Vec<Participant> {
        self.roster.participants()
    }

    /// Feeds one input.
    pub fn handle_input(&mut self, now: Now, input: Input) {
        match input {
            Input::Join { conn, request } => self.join(now, conn, request),
            Input::Resume {
                conn,
                token,
                next_token,
                command_id,
            } => self.resume(conn, &token, next_token, command_id),
            Input::Command { conn, id, command } => self.command(now, conn, id, command),
            Input::ConnectionClosed {
                conn,
                clean,
                last_seen,
            } => self.connection_closed(now, conn, clean, last_seen),
            Input::Media(notice) => self.media_notice(now, notice),
            Input::Persisted { key } => {
                self.unacknowledged.remove(&key);
                self.hooks(now, |m, s| m.on_persisted(s, &key));
            }
            Input::BallotClaimed { claim, outcome } => {
                self.hooks(now, |m, s| m.on_ballot_claimed(s, claim, outcome));
            }
            Input::End => self.apply(
                now,
                RoomChange::End {
                    debrief: false,
                    by: None,
                },
            ),
        }
        self.flush(now);
    }

    /// Fires every timer due at `now`.
    pub fn handle_timeout(&mut self, now: Now) {
        while let Some(timer) = self.timers.pop_due(now.mono) {
            match timer {
                RoomTimer::Grace(id) => {
                    if let Some(idx) = self.roster.index(&id) {
                        self.depart(now, idx, LeaveReason::ConnectionLost, None);
                    }
                }
                RoomTimer::Report => {
                    if self.roster.everyone_inside().next().is_some() {
                        self.persist_report(now, false);
                    }
                    self.timers
                        .set(RoomTimer::Report, now.mono + REPORT_INTERVAL);
                }
                RoomTimer::Module(timer) => {
                    self.hooks(now, |m, s| m.on_timeout(s, timer));
                }
            }
            self.flush(now);
        }
    }

    /// The next effect, if any.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outbox.pop_front()
    }

    /// When [`Room::handle_timeout`] must be called next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.next()
    }

    /// Runs module hooks with the room's scope.
    pub(crate) fn hooks(&mut self, now: Now, f: impl FnOnce(&mut Modules, &mut Scope<'_>)) {
        let mut scope = Scope {
            now,
            roster: &self.roster,
            conference: (&self.id, self.started_at.unwrap_or_default()),
            effects: &mut self.effects,
            timers: &mut self.module_timers,
        };
        f(&mut self.modules, &mut scope);
    }

    /// Carries out queued effects (changes may queue more) and timer requests.
    fn flush(&mut self, now: Now) {
        loop {
            for (timer, at) in std::mem::take(&mut self.module_timers) {
                match at {
                    Some(at) => self.timers.set(RoomTimer::Module(timer), at),
                    None => self.timers.cancel(&RoomTimer::Module(timer)),
                }
            }
            if self.effects.is_empty() {
                break;
            }
            for effect in std::mem::take(&mut self.effects) {
                match effect {
                    Effect::Send { to, id, event } => {
                        let conns = self.roster.connections(&to);
                        self.send(conns, id, event);
                    }
                    Effect::Media(request) => self.outbox.push_back(Output::Media(request)),
                    Effect::Change(change) => self.apply(now, change),
                    Effect::Persist { key, record } => {
                        self.unacknowledged.insert(key.clone());
                        self.outbox.push_back(Output::Persist { key, record });
                    }
                    Effect::ClaimBallot { vote, voter, claim } => {
                        self.outbox
                            .push_back(Output::ClaimBallot { vote, voter, claim });
                    }
                }
            }
        }
    }

    /// Starts a new conference when the room is idle: everything about the previous one
    /// (people on record, bans, namespaces' state) is forgotten.
    fn begin_if_idle(&mut self, now: Now) {
        if self.started_at.is_some() && !self.roster.is_empty() {
            return;
        }
        self.roster = Roster::default();
        self.modules = Modules::default();
        self.attendance = Attendance::default();
        self.timers = TimerTable::default();
        self.started_at = Some(now.wall_ms);
        self.timers
            .set(RoomTimer::Report, now.mono + REPORT_INTERVAL);
    }

    fn join(&mut self, now: Now, conn: ConnId, request: JoinRequest) {
        self.begin_if_idle(now);
        let media = request.media;
        let welcome_id = request.command_id;
        if self.roster.banned.contains(&request.subject) {
            self.close(conn, CloseCode::Banned);
            return;
        }
        if request.planned_end.is_some() {
            self.planned_end = request.planned_end;
        }
        if request.policy.version > self.roster.policy.version {
            self.apply(
                now,
                RoomChange::Policy {
                    policy: request.policy.clone(),
                    by: None,
                },
            );
        }
        let idx = match self.roster.index(&request.participant_id) {
            Some(idx) if self.roster.members[idx].is_present() => {
                // The same person again (another device, or a new ticket after a reload): the
                // new connection takes over the place.
                let member = &mut self.roster.members[idx];
                if let Some(old) = member.conn.take() {
                    self.outbox.push_back(Output::Close {
                        conn: old,
                        code: CloseCode::Replaced,
                    });
                }
                member.resume_token = request.resume_token;
                member.welcome_id = welcome_id;
                self.attach(idx, conn, false);
                return;
            }
            Some(idx) => {
                self.refresh(idx, request);
                idx
            }
            None => {
                let participant = Participant {
                    id: request.participant_id,
                    display_name: request.display_name,
                    roles: normalized(request.roles),
                    groups: normalized(request.groups),
                    audio: false,
                    video: false,
                    screen: false,
                    speaking: false,
                    connection: ConnectionState::Connected,
                    joined_at: now.wall_ms,
                };
                let mut member = Member::new(participant, request.subject, request.resume_token);
                member.may_vote = request.may_vote;
                self.roster.members.push(member);
                self.roster.members.len() - 1
            }
        };
        let member = &self.roster.members[idx];
        let chair = member.may(Permission::Moderate, &self.roster.policy);
        if self.roster.policy.locked && !chair {
            self.close(conn, CloseCode::RoomLocked);
            return;
        }
        let present = self
            .roster
            .members
            .iter()
            .filter(|m| m.is_present())
            .count();
        if present >= self.capacity && !chair {
            self.close(conn, CloseCode::RoomFull);
            return;
        }
        let policy = &self.roster.policy;
        let must_wait = !chair
            && match policy.waiting_room {
                WaitingRoom::Off => false,
                WaitingRoom::Guests => member.has(Role::Guest),
                WaitingRoom::Everyone => true,
            }
            // Someone admitted before whose connection broke comes straight back.
            && member.last_left != Some(LeaveReason::ConnectionLost);
        self.roster.members[idx].conn = Some(conn);
        self.roster.members[idx].public.connection = ConnectionState::Connected;
        self.roster.members[idx].initial_media = media;
        self.roster.members[idx].welcome_id = welcome_id;
        if must_wait {
            self.put_in_waiting_room(now, idx);
        } else {
            self.enter(now, idx);
        }
    }

    /// A known person comes back with a new ticket: the ticket decides their name and who they
    /// are; moderation decisions of this meeting (moderator, podium, groups) are kept.
    fn refresh(&mut self, idx: usize, request: JoinRequest) {
        let member = &mut self.roster.members[idx];
        let kept: Vec<Role> = [Role::Moderator, Role::Podium]
            .into_iter()
            .filter(|r| member.has(*r))
            .collect();
        let mut roles: Vec<Role> = request
            .roles
            .into_iter()
            .filter(|r| !matches!(r, Role::Moderator | Role::Podium))
            .collect();
        roles.extend(kept);
        member.public.roles = normalized(roles);
        member.public.display_name = request.display_name;
        if !member.groups_assigned {
            member.public.groups = normalized(request.groups);
        }
        member.resume_token = request.resume_token;
        member.may_vote = request.may_vote;
    }

    /// Puts a member into the waiting room and tells them and the moderators.
    pub(crate) fn put_in_waiting_room(&mut self, now: Now, idx: usize) {
        let member = &mut self.roster.members[idx];
        member.place = Place::Waiting { since: now.wall_ms };
        self.send_welcome(idx, false);
        self.waiting_list_changed();
    }

    /// Lets a member into the meeting.
    pub(crate) fn enter(&mut self, now: Now, idx: usize) {
        let policy = &self.roster.policy;
        let member = &mut self.roster.members[idx];
        let wants = std::mem::take(&mut member.initial_media);
        let audio = wants.audio && !policy.mute_on_entry && member.may_unmute(policy);
        member.place = Place::Inside;
        member.public.joined_at = now.wall_ms;
        member.public.audio = audio;
        member.public.video = wants.video;
        member.public.screen = false;
        member.public.speaking = false;
        let id = member.public.id.clone();
        let participant = member.public.clone();
        if audio || wants.video {
            self.push(Output::Media(MediaRequest::SetPublishing {
                participant: id.clone(),
                audio,
                video: wants.video,
                screen: false,
            }));
        }
        self.attendance.enter(&id, now.wall_ms);
        self.send_to(
            &Audience::Others(id.clone()),
            ControlEvent::ParticipantJoined { participant },
        );
        self.send_welcome(idx, false);
        self.hooks(now, |m, s| m.on_entered(s, &id));
    }

    /// Binds a connection to a kept place and brings the client up to date.
    fn attach(&mut self, idx: usize, conn: ConnId, resumed: bool) {
        let member = &mut self.roster.members[idx];
        let was_connected = member.is_connected();
        member.conn = Some(conn);
        member.public.connection = ConnectionState::Connected;
        let id = member.public.id.clone();
        self.timers.cancel(&RoomTimer::Grace(id.clone()));
        self.send_welcome(idx, resumed);
        if !was_connected && self.roster.members[idx].is_inside() {
            let participant = self.roster.members[idx].public.clone();
            self.send_to(
                &Audience::Others(id),
                ControlEvent::ParticipantUpdated { participant },
            );
        }
    }

    /// `joined` with every namespace's snapshot, or `waiting`.
    pub(crate) fn send_welcome(&mut self, idx: usize, resumed: bool) {
        let id = self.roster.members[idx].welcome_id.take();
        let member = &self.roster.members[idx];
        let Some(conn) = member.conn else { return };
        if member.is_waiting() {
            let event = ControlEvent::Waiting {
                you: member.public.id.clone(),
                room: self.id.clone(),
                resume_token: member.resume_token.clone(),
                resumed,
            };
            self.send(vec![conn], id, event.into());
            return;
        }
        let event = ControlEvent::Joined {
            you: member.public.id.clone(),
            room: self.id.clone(),
            participants: self.roster.participants(),
            resume_token: member.resume_token.clone(),
            resumed,
            started_at: self.started_at.unwrap_or_default(),
            planned_end: self.planned_end,
        };
        let snapshot = self.modules.snapshot(&self.roster, member);
        self.send(vec![conn], id, event.into());
        for event in snapshot {
            self.send(vec![conn], None, event);
        }
    }

    /// Sends every namespace's snapshot again (after someone became or stopped being a
    /// moderator, what they may see changed).
    pub(crate) fn resend_snapshot(&mut self, idx: usize) {
        let member = &self.roster.members[idx];
        let Some(conn) = member.conn.filter(|_| member.is_inside()) else {
            return;
        };
        for event in self.modules.snapshot(&self.roster, member) {
            self.send(vec![conn], None, event);
        }
    }

    fn resume(&mut self, conn: ConnId, token: &str, next_token: String, id: Option<u32>) {
        let Some(idx) = self
            .roster
            .members
            .iter()
            .position(|m| m.is_present() && m.resume_token == token)
        else {
            self.close(conn, CloseCode::ResumeRejected);
            return;
        };
        if let Some(old) = self.roster.members[idx].conn.take() {
            self.close(old, CloseCode::Replaced);
        }
        self.roster.members[idx].resume_token = next_token;
        self.roster.members[idx].welcome_id = id;
        self.attach(idx, conn, true);
    }

    fn command(&mut self, now: Now, conn: ConnId, id: Option<u32>, command: ClientCommand) {
        let Some(idx) = self.roster.by_conn(conn) else {
            self.error(
                conn,
                id,
                ErrorCode::NotJoined,
                "this connection has not joined",
            );
            return;
        };
        let member = &self.roster.members[idx];
        let permission = Modules::permission(&command);
        if !member.is_inside() && permission != Permission::Presence {
            let message = "you are in the waiting room until a moderator lets you in";
            self.error(conn, id, ErrorCode::Forbidden, message);
            return;
        }
        if !member.may(permission, &self.roster.policy) {
            let message = match permission {
                Permission::RaiseHand => "raising hands is switched off in this meeting",
                _ => "only moderators may do this",
            };
            self.error(conn, id, ErrorCode::Forbidden, message);
            return;
        }
        let mut scope = Scope {
            now,
            roster: &self.roster,
            conference: (&self.id, self.started_at.unwrap_or_default()),
            effects: &mut self.effects,
            timers: &mut self.module_timers,
        };
        let caller = &self.roster.members[idx];
        if let Err(refusal) = self.modules.on_command(&mut scope, caller, id, command) {
            self.error(conn, id, refusal.code, refusal.message);
        }
    }

    fn connection_closed(&mut self, now: Now, conn: ConnId, clean: bool, last_seen: Instant) {
        let Some(idx) = self.roster.by_conn(conn) else {
            return; // already replaced or removed
        };
        if clean {
            self.depart(now, idx, LeaveReason::Left, None);
            return;
        }
        let deadline = last_seen + GRACE_PERIOD;
        if deadline <= now.mono {
            self.depart(now, idx, LeaveReason::ConnectionLost, None);
            return;
        }
        let member = &mut self.roster.members[idx];
        member.conn = None;
        member.public.connection = ConnectionState::Reconnecting;
        let id = member.public.id.clone();
        self.timers.set(RoomTimer::Grace(id.clone()), deadline);
        if self.roster.members[idx].is_inside() {
            self.stop_speaking(now, idx);
            self.broadcast_update(idx);
        }
    }

    fn media_notice(&mut self, now: Now, notice: MediaNotice) {
        let MediaNotice::Speaking {
            participant,
            speaking,
            at,
        } = notice
        else {
            self.hooks(now, |m, s| m.on_media_notice(s, notice));
            return;
        };
        let Some(idx) = self.roster.index(&participant) else {
            return;
        };
        let member = &mut self.roster.members[idx];
        // A muted, disconnected or absent participant is never shown as speaking.
        let speaking =
            speaking && member.public.audio && member.is_connected() && member.is_inside();
        if member.public.speaking == speaking {
            return;
        }
        member.public.speaking = speaking;
        self.broadcast_update(idx);
        self.hooks(now, |m, s| m.on_speaking(s, &participant, speaking, at));
    }

    /// Ends a speaking member's utterance now (muted, disconnected, gone).
    pub(crate) fn stop_speaking(&mut self, now: Now, idx: usize) {
        let member = &mut self.roster.members[idx];
        if !member.public.speaking {
            return;
        }
        member.public.speaking = false;
        let id = member.public.id.clone();
        self.hooks(now, |m, s| m.on_speaking(s, &id, false, now.mono));
    }

    /// A member leaves the meeting or the waiting room; `close` closes their connection.
    pub(crate) fn depart(
        &mut self,
        now: Now,
        idx: usize,
        reason: LeaveReason,
        close: Option<CloseCode>,
    ) {
        let was = self.roster.members[idx].place;
        if was == Place::Gone {
            return;
        }
        if was == Place::Inside {
            self.stop_speaking(now, idx);
        }
        let member = &mut self.roster.members[idx];
        let id = member.public.id.clone();
        member.place = Place::Gone;
        member.last_left = Some(reason);
        member.public.audio = false;
        member.public.video = false;
        member.public.screen = false;
        member.public.connection = ConnectionState::Connected;
        if let (Some(conn), Some(code)) = (member.conn.take(), close) {
            self.close(conn, code);
        }
        self.timers.cancel(&RoomTimer::Grace(id.clone()));
        match was {
            Place::Inside => {
                self.leave_meeting(now, &id, reason);
            }
            Place::Waiting { .. } => self.waiting_list_changed(),
            Place::Gone => {}
        }
        if self.roster.is_empty() {
            self.hooks(now, |m, s| m.on_conference_end(s));
            self.persist_report(now, true);
        }
        self.roster.prune();
    }

    /// Everything that follows from someone no longer being inside: media, presence, hooks.
    pub(crate) fn leave_meeting(&mut self, now: Now, id: &ParticipantId, reason: LeaveReason) {
        self.attendance.leave(id, now.wall_ms);
        self.outbox
            .push_back(Output::Media(MediaRequest::RemovePeer {
                participant: id.clone(),
            }));
        self.send_to(
            &Audience::Everyone,
            ControlEvent::ParticipantLeft {
                participant_id: id.clone(),
                reason,
            },
        );
        self.hooks(now, |m, s| m.on_left(s, id, reason));
    }

    /// Stores the conference's report (final when `ended`).
    pub(crate) fn persist_report(&mut self, now: Now, ended: bool) {
        let Some(started_at) = self.started_at else {
            return;
        };
        let tallies = self.modules.floor.tallies(now);
        let mut report = self.attendance.report(
            &self.id,
            started_at,
            ended.then_some(now.wall_ms),
            now.wall_ms,
            &self.roster,
            &tallies,
        );
        report.chat = self.modules.chat.transcript();
        report.polls = self.modules.polls.report();
        let key = format!("report:{}:{started_at}", self.id);
        self.unacknowledged.insert(key.clone());
        self.outbox.push_back(Output::Persist {
            key,
            record: Record::MeetingReport(report),
        });
    }

    /// Tells moderators who is waiting now.
    pub(crate) fn waiting_list_changed(&mut self) {
        let waiting = self.roster.waiting();
        self.send_to(
            &Audience::Moderators,
            ModerationEvent::WaitingList { waiting },
        );
    }

    pub(crate) fn broadcast_update(&mut self, idx: usize) {
        let participant = self.roster.members[idx].public.clone();
        self.send_to(
            &Audience::Everyone,
            ControlEvent::ParticipantUpdated { participant },
        );
    }

    pub(crate) fn send_to(&mut self, to: &Audience, event: impl Into<ServerEvent>) {
        let conns = self.roster.connections(to);
        self.send(conns, None, event.into());
    }

    fn send(&mut self, to: Vec<ConnId>, id: Option<u32>, event: ServerEvent) {
        if !to.is_empty() {
            self.outbox.push_back(Output::Send { to, id, event });
        }
    }

    pub(crate) fn close(&mut self, conn: ConnId, code: CloseCode) {
        self.outbox.push_back(Output::Close { conn, code });
    }

    pub(crate) fn push(&mut self, output: Output) {
        self.outbox.push_back(output);
    }

    fn error(
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

/// Sorted, without repeats.
fn normalized<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items.dedup();
    items
}

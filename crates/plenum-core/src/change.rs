//! Changes to people and to the policy that namespaces ask for ([`RoomChange`]), and how the
//! room applies them: state first, then what everyone must be told, then the hooks of every
//! namespace (so that, for example, a removed person's hand is lowered by the floor).

use crate::member::Place;
use crate::now::Now;
use crate::output::{MediaRequest, Output};
use crate::room::Room;
use crate::roster::Audience;
use plenum_protocol::control::{LeaveReason, Role};
use plenum_protocol::moderation::{ModerationEvent, RoomPolicy, WaitingRoom};
use plenum_protocol::{CloseCode, ParticipantId};

/// A change a namespace asks the room to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RoomChange {
    /// Switch someone's microphone and/or camera (`None` keeps it).
    Media {
        who: ParticipantId,
        audio: Option<bool>,
        video: Option<bool>,
        screen: Option<bool>,
    },
    /// Allow or forbid someone to speak while microphones are restricted.
    MicrophoneAllowed { who: ParticipantId, allowed: bool },
    /// Give or take a role (`by_owner`: the owner gave it, so only the owner can take it).
    Role {
        who: ParticipantId,
        role: Role,
        on: bool,
        by_owner: bool,
    },
    /// Replace someone's groups.
    Groups {
        who: ParticipantId,
        groups: Vec<String>,
    },
    /// Replace the policy.
    Policy {
        policy: RoomPolicy,
        by: Option<ParticipantId>,
    },
    /// Let a waiting person in.
    Admit { who: ParticipantId },
    /// Send someone inside back to the waiting room.
    ToWaitingRoom { who: ParticipantId },
    /// Someone leaves (or is made to leave) the meeting or the waiting room.
    Depart {
        who: ParticipantId,
        reason: LeaveReason,
        close: CloseCode,
        /// Refuse their subject for the rest of the meeting.
        ban: bool,
    },
    /// Place someone in a breakout room (`None`: the main room); the media engine forwards
    /// their media only within it.
    BreakoutRoom {
        who: ParticipantId,
        room: Option<u32>,
    },
    /// Store the meeting report now (a result worth keeping came about).
    StoreReport,
    /// End the meeting; in a debrief owners and moderators stay.
    End {
        debrief: bool,
        by: Option<ParticipantId>,
    },
}

impl Room {
    /// Applies one change.
    pub(crate) fn apply(&mut self, now: Now, change: RoomChange) {
        match change {
            RoomChange::Media {
                who,
                audio,
                video,
                screen,
            } => self.set_media(now, &who, [audio, video, screen]),
            RoomChange::MicrophoneAllowed { who, allowed } => {
                let Some(idx) = self.roster.index(&who) else {
                    return;
                };
                let member = &mut self.roster.members[idx];
                if member.microphone_allowed == allowed {
                    return;
                }
                member.microphone_allowed = allowed;
                let participants = self.roster.allowed_microphones();
                self.send_to(
                    &Audience::Everyone,
                    ModerationEvent::MicrophonesAllowed { participants },
                );
                self.enforce_policy(now, &who);
            }
            RoomChange::Role {
                who,
                role,
                on,
                by_owner,
            } => {
                let Some(idx) = self.roster.index(&who) else {
                    return;
                };
                let member = &mut self.roster.members[idx];
                if member.has(role) == on {
                    return;
                }
                let was_chair = member.is_chair();
                member.set_role(role, on);
                if role == Role::Moderator && on {
                    member.appointed_by_owner = by_owner;
                }
                let chair_changed = member.is_chair() != was_chair;
                if member.is_inside() {
                    self.broadcast_update(idx);
                    if chair_changed {
                        self.resend_snapshot(idx);
                    }
                    self.enforce_policy(now, &who);
                }
            }
            RoomChange::Groups { who, groups } => {
                let Some(idx) = self.roster.index(&who) else {
                    return;
                };
                let member = &mut self.roster.members[idx];
                member.groups_assigned = true;
                if member.public.groups != groups {
                    member.public.groups = groups;
                    if member.is_inside() {
                        self.broadcast_update(idx);
                    }
                }
            }
            RoomChange::Policy { policy, by } => self.set_policy(now, policy, by),
            RoomChange::Admit { who } => {
                if let Some(idx) = self.roster.index(&who)
                    && self.roster.members[idx].is_waiting()
                {
                    self.enter(now, idx);
                    self.waiting_list_changed();
                }
            }
            RoomChange::ToWaitingRoom { who } => {
                let Some(idx) = self.roster.index(&who) else {
                    return;
                };
                if !self.roster.members[idx].is_inside() {
                    return;
                }
                self.stop_speaking(now, idx);
                let member = &mut self.roster.members[idx];
                member.public.audio = false;
                member.public.video = false;
                member.public.screen = false;
                member.place = Place::Waiting { since: now.wall_ms };
                self.leave_meeting(now, &who, LeaveReason::SentToWaitingRoom);
                self.send_welcome(idx, false);
                self.waiting_list_changed();
            }
            RoomChange::Depart {
                who,
                reason,
                close,
                ban,
            } => {
                let Some(idx) = self.roster.index(&who) else {
                    return;
                };
                if ban {
                    let subject = self.roster.members[idx].subject.clone();
                    self.roster.banned.insert(subject);
                }
                self.depart(now, idx, reason, Some(close));
            }
            RoomChange::BreakoutRoom { who, room } => {
                let Some(idx) = self.roster.index(&who) else {
                    return;
                };
                self.roster.members[idx].breakout = room;
                self.push(Output::Media(MediaRequest::SetBreakoutRoom {
                    participant: who,
                    room,
                }));
            }
            RoomChange::StoreReport => self.persist_report(now, false),
            RoomChange::End { debrief, by } => self.end(now, debrief, by),
        }
    }

    /// Switches microphone, camera and screen share (`None` keeps each as it is).
    fn set_media(
        &mut self,
        now: Now,
        who: &ParticipantId,
        [audio, video, screen]: [Option<bool>; 3],
    ) {
        let Some(idx) = self.roster.index(who) else {
            return;
        };
        let member = &self.roster.members[idx];
        if !member.is_inside() {
            return;
        }
        let public = &member.public;
        let next = (
            audio.unwrap_or(public.audio),
            video.unwrap_or(public.video),
            screen.unwrap_or(public.screen),
        );
        if next == (public.audio, public.video, public.screen) {
            return;
        }
        if !next.0 {
            self.stop_speaking(now, idx);
        }
        let public = &mut self.roster.members[idx].public;
        (public.audio, public.video, public.screen) = next;
        self.push(Output::Media(MediaRequest::SetPublishing {
            participant: who.clone(),
            audio: next.0,
            video: next.1,
            screen: next.2,
        }));
        self.broadcast_update(idx);
    }

    /// Mutes `who` and stops their screen share if the policy no longer allows them.
    fn enforce_policy(&mut self, now: Now, who: &ParticipantId) {
        let Some(member) = self.roster.inside(who) else {
            return;
        };
        let policy = &self.roster.policy;
        let mute = member.public.audio && !member.may_unmute(policy);
        let unshare =
            member.public.screen && !member.may(crate::permission::Permission::ShareScreen, policy);
        if mute || unshare {
            self.set_media(
                now,
                who,
                [mute.then_some(false), None, unshare.then_some(false)],
            );
        }
    }

    fn set_policy(&mut self, now: Now, policy: RoomPolicy, by: Option<ParticipantId>) {
        let old = std::mem::replace(&mut self.roster.policy, policy.clone());
        if old == policy {
            return;
        }
        self.send_to(
            &Audience::Everyone,
            ModerationEvent::PolicyChanged { policy, by },
        );
        let inside: Vec<ParticipantId> = self
            .roster
            .everyone_inside()
            .map(|m| m.public.id.clone())
            .collect();
        for who in &inside {
            self.enforce_policy(now, who);
        }
        // People no longer held by the waiting room's rule come in.
        let released: Vec<ParticipantId> = self
            .roster
            .members
            .iter()
            .filter(|m| m.is_waiting())
            .filter(|m| match self.roster.policy.waiting_room {
                WaitingRoom::Off => true,
                WaitingRoom::Guests => !m.has(Role::Guest),
                WaitingRoom::Everyone => false,
            })
            .map(|m| m.public.id.clone())
            .collect();
        for who in released {
            self.apply(now, RoomChange::Admit { who });
        }
    }

    fn end(&mut self, now: Now, debrief: bool, by: Option<ParticipantId>) {
        if let Some(by) = by.clone() {
            self.send_to(&Audience::Everyone, ModerationEvent::Ended { debrief, by });
        }
        if debrief {
            self.persist_report(now, false);
        }
        let leaving: Vec<ParticipantId> = self
            .roster
            .members
            .iter()
            .filter(|m| m.is_present() && !(debrief && m.is_chair() && m.is_inside()))
            .map(|m| m.public.id.clone())
            .collect();
        for who in leaving {
            if let Some(idx) = self.roster.index(&who) {
                self.depart(
                    now,
                    idx,
                    LeaveReason::MeetingEnded,
                    Some(CloseCode::MeetingEnded),
                );
            }
        }
        if debrief {
            let mut policy = self.roster.policy.clone();
            policy.locked = true;
            self.set_policy(now, policy, by);
        }
    }
}

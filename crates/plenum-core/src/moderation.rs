//! The `moderation` namespace: owners and moderators change the policy, run the waiting room,
//! mute, stop cameras, remove and ban, promote and demote, mark podium guests, assign groups
//! and end the meeting. The permission table lets only owners and moderators send these
//! commands; the rules that depend on the target (nobody removes the owner, only the owner
//! demotes the moderators the owner appointed, …) are checked here.

use crate::change::RoomChange;
use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::permission::Permission;
use crate::roster::{Audience, Roster};
use plenum_protocol::control::{LeaveReason, Role};
use plenum_protocol::moderation::{ModerationCommand, ModerationEvent};
use plenum_protocol::{CloseCode, ParticipantId, ServerEvent};
use std::convert::Infallible;

/// Most groups per participant.
pub const MAX_GROUPS: usize = 8;
/// Longest group name, in characters.
pub const MAX_GROUP_CHARS: usize = 40;

/// The `moderation` namespace (its state is the roster's: policy, waiting room, bans).
#[derive(Debug, Default)]
pub(crate) struct Moderation;

type ModCtx<'a, 'b> = &'a mut Ctx<'b, Infallible>;

fn target<'r>(roster: &'r Roster, id: &ParticipantId) -> Result<&'r Member, Refusal> {
    roster
        .inside(id)
        .ok_or_else(|| Refusal::not_found("participant"))
}

fn waiting<'r>(roster: &'r Roster, id: &ParticipantId) -> Result<&'r Member, Refusal> {
    roster
        .get(id)
        .filter(|m| m.is_waiting())
        .ok_or_else(|| Refusal::not_found("person in the waiting room"))
}

/// Checks that `caller` may remove or send away `target`.
fn may_act_on(caller: &Member, target: &Member, what: &str) -> Result<(), Refusal> {
    if target.public.id == caller.public.id {
        return Err(Refusal::forbidden(format!("you cannot {what} yourself")));
    }
    if target.has(Role::Owner) {
        return Err(Refusal::forbidden(format!("nobody can {what} the owner")));
    }
    if target.is_chair() && !caller.has(Role::Owner) {
        return Err(Refusal::forbidden(format!(
            "only the owner can {what} a moderator"
        )));
    }
    Ok(())
}

/// Removes (and with `ban` bars) someone inside or waiting.
fn remove(
    ctx: ModCtx<'_, '_>,
    caller: &Member,
    participant: ParticipantId,
    ban: bool,
) -> Result<(), Refusal> {
    let person = ctx
        .roster
        .get(&participant)
        .filter(|m| m.is_present())
        .ok_or_else(|| Refusal::not_found("participant"))?;
    may_act_on(caller, person, if ban { "ban" } else { "remove" })?;
    let (reason, close) = if ban {
        (LeaveReason::Banned, CloseCode::Banned)
    } else {
        (LeaveReason::Removed, CloseCode::Removed)
    };
    ctx.change(RoomChange::Depart {
        who: participant,
        reason,
        close,
        ban,
    });
    Ok(())
}

/// Trims and checks groups; sorted, without repeats.
fn valid_groups(groups: Vec<String>) -> Result<Vec<String>, Refusal> {
    if groups.len() > MAX_GROUPS {
        return Err(Refusal::invalid(format!(
            "at most {MAX_GROUPS} groups per participant"
        )));
    }
    let mut out = Vec::with_capacity(groups.len());
    for group in groups {
        let group = group.trim();
        let chars = group.chars().count();
        if chars == 0 || chars > MAX_GROUP_CHARS || group.chars().any(char::is_control) {
            return Err(Refusal::invalid(format!(
                "a group name has 1 to {MAX_GROUP_CHARS} characters and no control characters"
            )));
        }
        out.push(group.to_owned());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

impl Module for Moderation {
    type Command = ModerationCommand;
    type Timer = Infallible;

    fn permission(_command: &ModerationCommand) -> Permission {
        Permission::Moderate
    }

    fn on_command(
        &mut self,
        ctx: ModCtx<'_, '_>,
        caller: &Member,
        command: ModerationCommand,
    ) -> Result<(), Refusal> {
        let by = caller.public.id.clone();
        let roster = ctx.roster;
        match command {
            ModerationCommand::UpdatePolicy { change } => {
                let mut policy = roster.policy.clone();
                if let Some(v) = change.waiting_room {
                    policy.waiting_room = v;
                }
                if let Some(v) = change.mute_on_entry {
                    policy.mute_on_entry = v;
                }
                if let Some(v) = change.hands {
                    policy.hands = v;
                }
                if let Some(v) = change.microphones_restricted {
                    policy.microphones_restricted = v;
                }
                if let Some(v) = change.locked {
                    policy.locked = v;
                }
                if let Some(v) = change.screen_sharing {
                    policy.screen_sharing = v;
                }
                ctx.change(RoomChange::Policy {
                    policy,
                    by: Some(by),
                });
            }
            ModerationCommand::Admit { participant } => {
                let who = waiting(roster, &participant)?.public.id.clone();
                ctx.change(RoomChange::Admit { who });
            }
            ModerationCommand::AdmitAll => {
                for person in roster.waiting() {
                    ctx.change(RoomChange::Admit { who: person.id });
                }
            }
            ModerationCommand::Reject { participant } => {
                let who = waiting(roster, &participant)?.public.id.clone();
                ctx.change(RoomChange::Depart {
                    who,
                    reason: LeaveReason::Removed,
                    close: CloseCode::NotAdmitted,
                    ban: false,
                });
            }
            ModerationCommand::SendToWaitingRoom { participant } => {
                let person = target(roster, &participant)?;
                may_act_on(caller, person, "send to the waiting room")?;
                ctx.change(RoomChange::ToWaitingRoom { who: participant });
            }
            ModerationCommand::Mute { participant } => {
                let person = target(roster, &participant)?;
                if person.public.audio {
                    ctx.send(
                        Audience::Participant(participant.clone()),
                        ModerationEvent::Muted { by },
                    );
                    ctx.change(RoomChange::Media {
                        who: participant,
                        audio: Some(false),
                        video: None,
                        screen: None,
                    });
                }
            }
            ModerationCommand::MuteAll { except } => {
                let muted: Vec<ParticipantId> = roster
                    .everyone_inside()
                    .filter(|m| m.public.audio)
                    .filter(|m| !m.may(Permission::SpeakFreely, &roster.policy))
                    .filter(|m| m.public.id != by && !except.contains(&m.public.id))
                    .map(|m| m.public.id.clone())
                    .collect();
                for who in muted {
                    ctx.send(
                        Audience::Participant(who.clone()),
                        ModerationEvent::Muted { by: by.clone() },
                    );
                    ctx.change(RoomChange::Media {
                        who,
                        audio: Some(false),
                        video: None,
                        screen: None,
                    });
                }
            }
            ModerationCommand::AskToUnmute { participant } => {
                let person = target(roster, &participant)?;
                if !person.may_unmute(&roster.policy) {
                    ctx.change(RoomChange::MicrophoneAllowed {
                        who: participant.clone(),
                        allowed: true,
                    });
                }
                ctx.send(
                    Audience::Participant(participant),
                    ModerationEvent::UnmuteRequested { by },
                );
            }
            ModerationCommand::AllowMicrophone {
                participant,
                allowed,
            } => {
                target(roster, &participant)?;
                ctx.change(RoomChange::MicrophoneAllowed {
                    who: participant,
                    allowed,
                });
            }
            ModerationCommand::StopVideo { participant } => {
                let person = target(roster, &participant)?;
                if person.public.video {
                    ctx.send(
                        Audience::Participant(participant.clone()),
                        ModerationEvent::VideoStopped { by },
                    );
                    ctx.change(RoomChange::Media {
                        who: participant,
                        audio: None,
                        video: Some(false),
                        screen: None,
                    });
                }
            }
            ModerationCommand::StopScreenShare { participant } => {
                let person = target(roster, &participant)?;
                if person.public.screen {
                    ctx.send(
                        Audience::Participant(participant.clone()),
                        ModerationEvent::ScreenShareStopped { by },
                    );
                    ctx.change(RoomChange::Media {
                        who: participant,
                        audio: None,
                        video: None,
                        screen: Some(false),
                    });
                }
            }
            ModerationCommand::Remove { participant } => remove(ctx, caller, participant, false)?,
            ModerationCommand::Ban { participant } => remove(ctx, caller, participant, true)?,
            ModerationCommand::Promote { participant } => {
                let person = target(roster, &participant)?;
                if person.has(Role::Moderator) || person.has(Role::Owner) {
                    return Ok(());
                }
                ctx.change(RoomChange::Role {
                    who: participant,
                    role: Role::Moderator,
                    on: true,
                    by_owner: caller.has(Role::Owner),
                });
            }
            ModerationCommand::Demote { participant } => {
                let person = target(roster, &participant)?;
                if person.has(Role::Owner) {
                    return Err(Refusal::forbidden("the owner cannot be demoted"));
                }
                if person.appointed_by_owner
                    && !caller.has(Role::Owner)
                    && person.public.id != caller.public.id
                {
                    return Err(Refusal::forbidden(
                        "only the owner can demote a moderator the owner appointed",
                    ));
                }
                ctx.change(RoomChange::Role {
                    who: participant,
                    role: Role::Moderator,
                    on: false,
                    by_owner: false,
                });
            }
            ModerationCommand::SetPodium {
                participant,
                podium,
            } => {
                target(roster, &participant)?;
                ctx.change(RoomChange::Role {
                    who: participant,
                    role: Role::Podium,
                    on: podium,
                    by_owner: false,
                });
            }
            ModerationCommand::SetGroups {
                participant,
                groups,
            } => {
                target(roster, &participant)?;
                let groups = valid_groups(groups)?;
                ctx.change(RoomChange::Groups {
                    who: participant,
                    groups,
                });
            }
            ModerationCommand::End { debrief } => {
                ctx.change(RoomChange::End {
                    debrief,
                    by: Some(by),
                });
            }
        }
        Ok(())
    }

    fn snapshot(&self, roster: &Roster, viewer: &Member) -> Vec<ServerEvent> {
        let waiting = if viewer.is_chair() {
            roster.waiting()
        } else {
            Vec::new()
        };
        vec![
            ModerationEvent::State {
                policy: roster.policy.clone(),
                allowed_microphones: roster.allowed_microphones(),
                waiting,
            }
            .into(),
        ]
    }
}

//! The `control` namespace once a connection is in: heartbeat, one's own media state and
//! leaving. `join`/`resume` are handled by the room itself (see `room.rs`) because they arrive
//! before a connection belongs to anyone.

use crate::change::RoomChange;
use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::permission::Permission;
use plenum_protocol::control::{ControlCommand, ControlEvent, LeaveReason};
use plenum_protocol::{CloseCode, ErrorCode};
use std::convert::Infallible;

/// The `control` namespace (no state of its own: presence lives in the roster).
#[derive(Debug, Default)]
pub(crate) struct Control;

impl Module for Control {
    type Command = ControlCommand;
    type Timer = Infallible;

    fn permission(command: &ControlCommand) -> Permission {
        match command {
            ControlCommand::UpdateMedia { .. } => Permission::Participate,
            ControlCommand::Join { .. }
            | ControlCommand::Resume { .. }
            | ControlCommand::Ping
            | ControlCommand::Leave => Permission::Presence,
        }
    }

    fn on_command(
        &mut self,
        ctx: &mut Ctx<'_, Infallible>,
        caller: &Member,
        command: ControlCommand,
    ) -> Result<(), Refusal> {
        let who = caller.public.id.clone();
        match command {
            ControlCommand::Join { .. } | ControlCommand::Resume { .. } => Err(Refusal {
                code: ErrorCode::NotJoined,
                message: "this connection has already joined".into(),
            }),
            ControlCommand::Ping => {
                ctx.reply(caller, ControlEvent::Pong);
                Ok(())
            }
            ControlCommand::UpdateMedia {
                audio,
                video,
                screen,
            } => {
                let policy = &ctx.roster.policy;
                let mic_refused = audio && !caller.public.audio && !caller.may_unmute(policy);
                let screen_refused =
                    screen && !caller.public.screen && !caller.may(Permission::ShareScreen, policy);
                ctx.change(RoomChange::Media {
                    who,
                    audio: (!mic_refused).then_some(audio),
                    video: Some(video),
                    screen: (!screen_refused).then_some(screen),
                });
                if mic_refused {
                    return Err(Refusal::forbidden(
                        "microphones are restricted: raise your hand and wait to be given the floor",
                    ));
                }
                if screen_refused {
                    return Err(Refusal::forbidden(
                        "only moderators and podium guests may share their screen here",
                    ));
                }
                Ok(())
            }
            ControlCommand::Leave => {
                ctx.change(RoomChange::Depart {
                    who,
                    reason: LeaveReason::Left,
                    close: CloseCode::Left,
                    ban: false,
                });
                Ok(())
            }
        }
    }
}

//! The `control` namespace's commands once a connection has joined: heartbeat, own media
//! state and leaving. `join`/`resume` are handled by the room itself (see `room.rs`) because
//! they arrive before a connection belongs to anyone.

use crate::input::ConnId;
use crate::output::{MediaRequest, Output};
use crate::room::Room;
use plenum_protocol::control::{ControlCommand, ControlEvent, LeaveReason};
use plenum_protocol::{CloseCode, ErrorCode, ServerEvent};
use std::time::Instant;

impl Room {
    pub(crate) fn on_control(
        &mut self,
        _now: Instant,
        idx: usize,
        conn: ConnId,
        id: Option<u32>,
        command: ControlCommand,
    ) {
        match command {
            ControlCommand::Join { .. } | ControlCommand::Resume { .. } => {
                self.error(
                    conn,
                    id,
                    ErrorCode::NotJoined,
                    "this connection has already joined",
                );
            }
            ControlCommand::Ping => {
                self.send(vec![conn], id, ServerEvent::Control(ControlEvent::Pong));
            }
            ControlCommand::UpdateMedia { audio, video } => {
                let public = &mut self.members[idx].public;
                if public.audio == audio && public.video == video {
                    return;
                }
                public.audio = audio;
                public.video = video;
                if !audio {
                    public.speaking = false;
                }
                let participant = public.id.clone();
                self.push(Output::Media(MediaRequest::SetPublishing {
                    participant,
                    audio,
                    video,
                }));
                self.broadcast_update(idx, None);
            }
            ControlCommand::Leave => {
                self.remove(idx, LeaveReason::Left);
                self.push(Output::Close {
                    conn,
                    code: CloseCode::Left,
                });
            }
        }
    }
}

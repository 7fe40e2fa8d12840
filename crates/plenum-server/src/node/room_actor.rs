//! One tokio task per room: owns the [`Room`] state machine, feeds it messages and the time,
//! and carries out its outputs (send to connections, close them, ask the SFU).

use super::media_bridge::{room_key, to_sfu};
use super::registry::RoomRegistry;
use plenum_core::{ConnId, Input, JoinRequest, MediaNotice, Output, Room};
use plenum_media::SfuCommand;
use plenum_protocol::{ClientCommand, CloseCode, RoomId, ServerEnvelope};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Capacity of a connection's outbound queue; a client that falls this far behind is dropped
/// (and can resume).
pub const OUTBOUND_CAPACITY: usize = 512;

/// Something to write to a WebSocket.
#[derive(Debug)]
pub enum Outbound {
    /// A serialised event.
    Text(Arc<str>),
    /// Close with this code and reason.
    Close(u16, &'static str),
}

impl From<CloseCode> for Outbound {
    fn from(code: CloseCode) -> Self {
        Outbound::Close(code.code(), code.reason())
    }
}

/// The room's handle on one connection.
#[derive(Debug)]
pub struct ConnHandle {
    /// Where its events go.
    pub out: mpsc::Sender<Outbound>,
    /// Cancelled by the room to drop a connection that cannot keep up.
    pub kill: CancellationToken,
}

/// How a connection entered.
#[derive(Debug)]
pub enum Admission {
    /// With a verified ticket.
    Join(JoinRequest),
    /// With a resume token.
    Resume {
        /// The token presented.
        token: String,
        /// The next token.
        next_token: String,
    },
}

/// A message to a room's task.
#[derive(Debug)]
pub enum RoomMsg {
    /// A connection was admitted.
    Connect {
        /// Its id.
        conn: ConnId,
        /// How to reach it.
        handle: ConnHandle,
        /// Join or resume.
        admission: Admission,
    },
    /// A decoded command.
    Command {
        /// From.
        conn: ConnId,
        /// The envelope id.
        id: Option<u32>,
        /// The command.
        command: ClientCommand,
    },
    /// A connection ended.
    Closed {
        /// Which.
        conn: ConnId,
        /// Deliberately.
        clean: bool,
        /// Its last message.
        last_seen: Instant,
    },
    /// News from the SFU.
    Media(MediaNotice),
    /// The node stops: close everything.
    Shutdown,
}

/// The time as the room sees it (tokio's clock, so paused-time tests work).
pub fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Runs the room until it is empty (and deregistered) or the node shuts down.
pub async fn run(
    id: RoomId,
    generation: u64,
    mut rx: mpsc::Receiver<RoomMsg>,
    registry: Arc<RoomRegistry>,
    media: mpsc::Sender<SfuCommand>,
) {
    let key = room_key(&id);
    let mut room = Room::new(id.clone());
    let mut conns: HashMap<ConnId, ConnHandle> = HashMap::new();
    tracing::debug!(room = %id, "room opened");
    loop {
        let deadline = room.poll_timeout();
        let msg = tokio::select! {
            msg = rx.recv() => msg,
            () = sleep_until(deadline) => {
                room.handle_timeout(now());
                apply_outputs(&mut room, &mut conns, &media, &key).await;
                if room.is_empty() && conns.is_empty() && registry.retire(&id, generation, &mut rx) {
                    break;
                }
                continue;
            }
        };
        let Some(msg) = msg else { break };
        let input = match msg {
            RoomMsg::Connect {
                conn,
                handle,
                admission,
            } => {
                conns.insert(conn, handle);
                match admission {
                    Admission::Join(request) => Input::Join { conn, request },
                    Admission::Resume { token, next_token } => Input::Resume {
                        conn,
                        token,
                        next_token,
                    },
                }
            }
            RoomMsg::Command { conn, id, command } => Input::Command { conn, id, command },
            RoomMsg::Closed {
                conn,
                clean,
                last_seen,
            } => {
                conns.remove(&conn);
                Input::ConnectionClosed {
                    conn,
                    clean,
                    last_seen,
                }
            }
            RoomMsg::Media(notice) => Input::Media(notice),
            RoomMsg::Shutdown => {
                for (_, conn) in conns.drain() {
                    let _ = conn.out.try_send(CloseCode::ShuttingDown.into());
                }
                break;
            }
        };
        room.handle_input(now(), input);
        apply_outputs(&mut room, &mut conns, &media, &key).await;
        if room.is_empty() && conns.is_empty() && registry.retire(&id, generation, &mut rx) {
            break;
        }
    }
    tracing::debug!(room = %id, "room closed");
}

/// Sleeps until `deadline`, or forever without one.
pub async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(t) => tokio::time::sleep_until(t.into()).await,
        None => std::future::pending().await,
    }
}

/// Carries out everything the room wants done.
async fn apply_outputs(
    room: &mut Room,
    conns: &mut HashMap<ConnId, ConnHandle>,
    media: &mpsc::Sender<SfuCommand>,
    key: &plenum_media::RoomKey,
) {
    let mut slow = Vec::new();
    while let Some(output) = room.poll_output() {
        match output {
            Output::Send { to, id, event } => {
                let text: Arc<str> = ServerEnvelope {
                    id,
                    ts: crate::unix_millis(),
                    event,
                }
                .to_json()
                .into();
                for conn in to {
                    if let Some(handle) = conns.get(&conn)
                        && handle.out.try_send(Outbound::Text(text.clone())).is_err()
                    {
                        slow.push(conn);
                    }
                }
            }
            Output::Close { conn, code } => {
                if let Some(handle) = conns.remove(&conn) {
                    let _ = handle.out.try_send(code.into());
                }
            }
            Output::Media(request) => {
                if media.send(to_sfu(key, request)).await.is_err() {
                    tracing::error!("the media engine has stopped");
                }
            }
        }
    }
    for conn in slow {
        // The connection closes; the client resumes and gets a fresh snapshot.
        tracing::info!(conn = conn.0, "connection too slow; dropping it");
        if let Some(handle) = conns.remove(&conn) {
            handle.kill.cancel();
        }
    }
}

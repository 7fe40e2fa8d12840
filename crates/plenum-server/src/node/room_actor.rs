//! One tokio task per room: owns the [`Room`] state machine, feeds it messages and the time,
//! and carries out its outputs (send to connections, close them, ask the SFU, spool records).
//!
//! The room never waits for anyone: connections get events through bounded queues (a client
//! that falls behind is dropped and resumes), requests to the SFU wait in a local queue until
//! the SFU's channel has room, and news from the SFU and the spool arrive on an unbounded
//! channel of their own, so that no SDP and no acknowledgement is ever dropped.

use super::ballot_box::BallotBox;
use super::media_bridge::{room_key, to_sfu};
use super::registry::RoomRegistry;
use super::spool::{Spool, Spooled};
use plenum_core::{ConnId, Input, JoinRequest, MediaNotice, Now, Output, Room};
use plenum_media::SfuCommand;
use plenum_protocol::{ClientCommand, CloseCode, RoomId, ServerEnvelope};
use std::collections::{HashMap, VecDeque};
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
        /// The `resume` command's id.
        command_id: Option<u32>,
    },
}

/// A message from a connection to its room (bounded: connections wait when a room is busy).
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
}

/// A message from the node itself to a room (unbounded, never dropped).
#[derive(Debug)]
pub enum Notice {
    /// News from the SFU.
    Media(MediaNotice),
    /// A record of the room was stored for good.
    Persisted(String),
    /// The storage's answer to a ballot claim.
    BallotClaimed {
        /// The claim's number.
        claim: u64,
        /// The answer.
        outcome: plenum_core::ClaimOutcome,
    },
    /// The room must end (its meeting was deleted).
    End,
    /// The node stops: close everything.
    Shutdown,
}

/// The time as the room sees it (tokio's clock, so paused-time tests work, and the wall clock).
pub fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

fn clock() -> Now {
    Now {
        mono: now(),
        wall_ms: crate::unix_millis(),
    }
}

/// What a room's task needs besides its inboxes.
pub struct RoomTask {
    /// The room.
    pub id: RoomId,
    /// Its registration (to retire exactly this actor).
    pub generation: u64,
    /// The node's rooms.
    pub registry: Arc<RoomRegistry>,
    /// The SFU's commands.
    pub media: mpsc::Sender<SfuCommand>,
    /// Where records go.
    pub spool: Spool,
    /// Where ballots are recorded and protocols signed.
    pub ballots: BallotBox,
    /// Most people in the room.
    pub capacity: usize,
}

/// The state the actor keeps besides the room.
struct Actor {
    room: Room,
    conns: HashMap<ConnId, ConnHandle>,
    /// Requests for the SFU not yet accepted by its channel, in order.
    to_media: VecDeque<SfuCommand>,
    key: plenum_media::RoomKey,
    spool: Spool,
    ballots: BallotBox,
    registry: Arc<RoomRegistry>,
}

/// Runs the room until it is empty (and deregistered) or the node shuts down.
pub async fn run(
    task: RoomTask,
    mut rx: mpsc::Receiver<RoomMsg>,
    mut notices: mpsc::UnboundedReceiver<Notice>,
) {
    let RoomTask {
        id,
        generation,
        registry,
        media,
        spool,
        ballots,
        capacity,
    } = task;
    let mut actor = Actor {
        room: Room::new(id.clone(), capacity),
        conns: HashMap::new(),
        to_media: VecDeque::new(),
        key: room_key(&id),
        spool,
        ballots,
        registry: registry.clone(),
    };
    tracing::debug!(room = %id, "room opened");
    loop {
        let deadline = actor.room.poll_timeout();
        let input = tokio::select! {
            permit = media.reserve(), if !actor.to_media.is_empty() => {
                match (permit, actor.to_media.pop_front()) {
                    (Ok(permit), Some(command)) => permit.send(command),
                    (Err(_), _) => {
                        tracing::error!("the media engine has stopped");
                        actor.to_media.clear();
                    }
                    (Ok(_), None) => {}
                }
                continue;
            }
            notice = notices.recv() => match notice {
                Some(Notice::Media(notice)) => Input::Media(notice),
                Some(Notice::Persisted(key)) => Input::Persisted { key },
                Some(Notice::BallotClaimed { claim, outcome }) => {
                    Input::BallotClaimed { claim, outcome }
                }
                Some(Notice::End) => Input::End,
                Some(Notice::Shutdown) | None => {
                    for (_, conn) in actor.conns.drain() {
                        let _ = conn.out.try_send(CloseCode::ShuttingDown.into());
                    }
                    break;
                }
            },
            msg = rx.recv() => match msg {
                Some(msg) => actor.input(msg),
                None => break,
            },
            () = sleep_until(deadline) => {
                actor.room.handle_timeout(clock());
                actor.apply_outputs(&id);
                if actor.idle() && registry.retire(&id, generation, &mut rx, &mut notices) {
                    break;
                }
                continue;
            }
        };
        actor.room.handle_input(clock(), input);
        actor.apply_outputs(&id);
        if actor.idle() && registry.retire(&id, generation, &mut rx, &mut notices) {
            break;
        }
    }
    tracing::debug!(room = %id, "room closed");
}

impl Actor {
    fn input(&mut self, msg: RoomMsg) -> Input {
        match msg {
            RoomMsg::Connect {
                conn,
                handle,
                admission,
            } => {
                self.conns.insert(conn, handle);
                match admission {
                    Admission::Join(request) => Input::Join { conn, request },
                    Admission::Resume {
                        token,
                        next_token,
                        command_id,
                    } => Input::Resume {
                        conn,
                        token,
                        next_token,
                        command_id,
                    },
                }
            }
            RoomMsg::Command { conn, id, command } => Input::Command { conn, id, command },
            RoomMsg::Closed {
                conn,
                clean,
                last_seen,
            } => {
                self.conns.remove(&conn);
                Input::ConnectionClosed {
                    conn,
                    clean,
                    last_seen,
                }
            }
        }
    }

    /// Nobody left, nothing left to store, nothing left for the SFU.
    fn idle(&self) -> bool {
        self.room.is_empty() && self.conns.is_empty() && self.to_media.is_empty()
    }

    /// Carries out everything the room wants done.
    fn apply_outputs(&mut self, id: &RoomId) {
        let mut slow = Vec::new();
        while let Some(output) = self.room.poll_output() {
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
                        if let Some(handle) = self.conns.get(&conn)
                            && handle.out.try_send(Outbound::Text(text.clone())).is_err()
                        {
                            slow.push(conn);
                        }
                    }
                }
                Output::Close { conn, code } => {
                    if let Some(handle) = self.conns.remove(&conn) {
                        let _ = handle.out.try_send(code.into());
                    }
                }
                Output::Media(request) => self.to_media.push_back(to_sfu(&self.key, request)),
                Output::Persist { key, mut record } => {
                    self.ballots.seal(&mut record);
                    self.spool.put(Spooled {
                        room: id.clone(),
                        key,
                        record,
                    });
                }
                Output::ClaimBallot { vote, voter, claim } => {
                    self.ballots
                        .claim(self.registry.clone(), id.clone(), vote, voter, claim);
                }
            }
        }
        for conn in slow {
            // The connection closes; the client resumes and gets a fresh snapshot.
            tracing::info!(conn = conn.0, "connection too slow; dropping it");
            if let Some(handle) = self.conns.remove(&conn) {
                handle.kill.cancel();
            }
        }
    }
}

/// Sleeps until `deadline`, or forever without one.
pub async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(t) => tokio::time::sleep_until(t.into()).await,
        None => std::future::pending().await,
    }
}

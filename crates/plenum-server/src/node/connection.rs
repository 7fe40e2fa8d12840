//! One WebSocket connection: admission (ticket or resume token), then decoding, rate limiting
//! and heartbeat on the way in, and a single writer on the way out.

use super::Node;
use super::pending::Pending;
use super::rate_limit::{RateLimiter, Verdict};
use super::room_actor::{Admission, ConnHandle, OUTBOUND_CAPACITY, Outbound, RoomMsg, now};
use crate::audit::AuditEvent;
use crate::client_addr::ClientAddr;
use crate::error::ticket_close_code;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use plenum_core::{ConnId, InitialMedia, JoinRequest};
use plenum_protocol::control::ControlCommand;
use plenum_protocol::{
    ClientCommand, ClientEnvelope, CloseCode, ErrorCode, RoomId, ServerEnvelope,
};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// A connection silent this long is considered lost (clients ping every 2 s).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long to wait for the client's half of the closing handshake.
const CLOSE_LINGER: Duration = Duration::from_secs(1);

/// RFC 6455 close codes used here besides the application's.
const CLOSE_NORMAL: u16 = 1000;
const CLOSE_GOING_AWAY: u16 = 1001;
const CLOSE_TOO_BIG: u16 = 1009;
const CLOSE_INTERNAL: u16 = 1011;
const CLOSE_TRY_AGAIN: u16 = 1013;

type Sink = SplitSink<WebSocket, Message>;
type Stream = SplitStream<WebSocket>;

fn close_message(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

fn error_text(id: Option<u32>, code: ErrorCode, message: impl Into<String>) -> Message {
    Message::Text(
        ServerEnvelope::error(id, crate::unix_millis(), code, message)
            .to_json()
            .into(),
    )
}

/// What happened to a read.
enum Read {
    Text(String),
    /// Non-text data frame.
    Binary,
    /// Ping/pong: a sign of life only.
    Alive,
    /// The client closed with this code.
    Closed(Option<u16>),
    /// The message exceeded the size limit.
    TooBig,
    /// The transport failed or ended without a close frame.
    Lost,
}

async fn read(stream: &mut Stream) -> Read {
    match stream.next().await {
        Some(Ok(Message::Text(t))) => Read::Text(t.to_string()),
        Some(Ok(Message::Binary(_))) => Read::Binary,
        Some(Ok(Message::Ping(_) | Message::Pong(_))) => Read::Alive,
        Some(Ok(Message::Close(frame))) => Read::Closed(frame.map(|f| f.code)),
        Some(Err(e)) => {
            let capacity = std::error::Error::source(&e)
                .map(|s| s.to_string().to_lowercase())
                .unwrap_or_default();
            if capacity.contains("too long")
                || capacity.contains("too big")
                || capacity.contains("size")
            {
                Read::TooBig
            } else {
                Read::Lost
            }
        }
        None => Read::Lost,
    }
}

/// Runs a connection to its end. `pending` holds its place among the connections that have not
/// joined yet; it is given up once the connection joined or ended.
pub async fn run(
    socket: WebSocket,
    room: RoomId,
    node: Arc<Node>,
    client: ClientAddr,
    pending: Pending,
) {
    let (mut sink, mut stream) = socket.split();
    let mut limiter = RateLimiter::new(now(), node.limits.messages());
    let admitted = admit(
        &mut sink,
        &mut stream,
        (&room, &client),
        &node,
        &mut limiter,
    )
    .await;
    drop(pending);
    let admission = match admitted {
        Ok(a) => a,
        Err((code, reason)) => {
            if sink.send(close_message(code, reason)).await.is_ok() {
                linger(&mut stream).await;
            }
            return;
        }
    };
    let conn = ConnId(node.next_conn.fetch_add(1, Ordering::Relaxed));
    let (out_tx, out_rx) = mpsc::channel(OUTBOUND_CAPACITY);
    let kill = CancellationToken::new();
    let handle = ConnHandle {
        out: out_tx.clone(),
        kill: kill.clone(),
    };
    let room_tx = match node.registry.admit(
        &room,
        RoomMsg::Connect {
            conn,
            handle,
            admission,
        },
    ) {
        Ok(tx) => tx,
        Err(busy) => {
            let _ = sink
                .send(close_message(CLOSE_TRY_AGAIN, &busy.to_string()))
                .await;
            return;
        }
    };
    let writer_done = CancellationToken::new();
    let writer = tokio::spawn(write(
        sink,
        out_rx,
        kill.clone(),
        writer_done.clone(),
        node.shutdown.clone(),
    ));
    let stop = [&kill, &writer_done];
    let ending = serve(
        &mut stream,
        conn,
        &room_tx,
        &out_tx,
        &mut limiter,
        stop,
        &node,
    )
    .await;
    if !node.shutdown.is_cancelled() {
        let _ = room_tx
            .send(RoomMsg::Closed {
                conn,
                clean: ending.clean,
                last_seen: ending.last_seen,
            })
            .await;
    }
    // The writer ends once the room has let go of the connection too.
    drop(out_tx);
    let _ = writer.await;
    if !ending.client_gone {
        linger(&mut stream).await;
    }
}

/// After the server sent its close frame: reads (and discards) until the client's close frame,
/// so that unread data does not make the kernel reset the connection before the client has
/// read why it was closed.
async fn linger(stream: &mut Stream) {
    let _ = tokio::time::timeout(CLOSE_LINGER, async {
        while let Some(Ok(msg)) = stream.next().await {
            if matches!(msg, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// Waits for `join` or `resume`; answers everything else with `not_joined`.
async fn admit(
    sink: &mut Sink,
    stream: &mut Stream,
    (room, client): (&RoomId, &ClientAddr),
    node: &Node,
    limiter: &mut RateLimiter,
) -> Result<Admission, (u16, &'static str)> {
    let deadline = tokio::time::Instant::now() + node.limits.join_timeout();
    loop {
        let msg = tokio::select! {
            () = node.shutdown.cancelled() => return Err((CloseCode::ShuttingDown.code(), CloseCode::ShuttingDown.reason())),
            r = tokio::time::timeout_at(deadline, read(stream)) => r,
        };
        let msg = match msg {
            Err(_) => {
                return Err((
                    CloseCode::JoinTimeout.code(),
                    CloseCode::JoinTimeout.reason(),
                ));
            }
            Ok(Read::TooBig) => return Err((CLOSE_TOO_BIG, "message too big")),
            Ok(Read::Closed(_) | Read::Lost) => return Err((CLOSE_NORMAL, "")),
            Ok(msg) => msg,
        };
        // Every frame counts, pings and binary frames included.
        match limiter.check(now()) {
            Verdict::Allow => {}
            Verdict::Drop { .. } => continue,
            Verdict::Disconnect => {
                return Err((
                    CloseCode::PolicyViolation.code(),
                    CloseCode::PolicyViolation.reason(),
                ));
            }
        }
        let text = match msg {
            Read::Text(t) => t,
            Read::Binary => {
                let _ = sink
                    .send(error_text(
                        None,
                        ErrorCode::InvalidJson,
                        "binary frames are not supported",
                    ))
                    .await;
                continue;
            }
            _ => continue,
        };
        let envelope = match ClientEnvelope::decode(&text) {
            Ok(e) => e,
            Err(e) => {
                let _ = sink.send(error_text(e.id, e.code, e.message)).await;
                continue;
            }
        };
        match envelope.command {
            ClientCommand::Control(ControlCommand::Join {
                ticket,
                audio,
                video,
            }) => {
                let started = Instant::now();
                let verified = node
                    .verifier
                    .verify(&ticket, room, crate::unix_millis() / 1000);
                let verified = match verified {
                    Ok(claims) => node.claim_in_cluster(&claims).await.map(|()| claims),
                    Err(e) => Err(e),
                };
                let claims = verified.map_err(|e| {
                    let code = ticket_close_code(e);
                    node.audit.record(
                        client,
                        AuditEvent::TicketRefused {
                            room_hash: crate::audit::pseudonym(room.as_str()),
                            reason: code.reason().trim_start_matches("ticket_").to_owned(),
                        },
                    );
                    (code.code(), code.reason())
                })?;
                node.metrics
                    .join_seconds
                    .observe(started.elapsed().as_secs_f64());
                return Ok(Admission::Join(JoinRequest {
                    participant_id: claims.pid,
                    subject: claims.sub,
                    display_name: claims.name,
                    roles: claims.roles,
                    groups: claims.groups,
                    may_vote: claims.vote,
                    policy: claims.policy,
                    planned_end: claims.end,
                    resume_token: crate::secret::random_token(),
                    command_id: envelope.id,
                    media: InitialMedia { audio, video },
                }));
            }
            ClientCommand::Control(ControlCommand::Resume { token }) => {
                return Ok(Admission::Resume {
                    token,
                    next_token: crate::secret::random_token(),
                    command_id: envelope.id,
                });
            }
            _ => {
                let message = "send control/join or control/resume first";
                let _ = sink
                    .send(error_text(envelope.id, ErrorCode::NotJoined, message))
                    .await;
            }
        }
    }
}

/// How a connection ended.
struct Ending {
    /// The client closed deliberately (normal close or going away).
    clean: bool,
    /// When its last message arrived.
    last_seen: Instant,
    /// The client is gone already (closed or lost); otherwise the server is closing and should
    /// let the client finish the closing handshake.
    client_gone: bool,
}

impl Ending {
    fn server_closed(last_seen: Instant) -> Self {
        Ending {
            clean: false,
            last_seen,
            client_gone: false,
        }
    }

    fn lost(last_seen: Instant) -> Self {
        Ending {
            clean: false,
            last_seen,
            client_gone: true,
        }
    }
}

/// Reads commands until the connection ends.
async fn serve(
    stream: &mut Stream,
    conn: ConnId,
    room_tx: &mpsc::Sender<RoomMsg>,
    out_tx: &mpsc::Sender<Outbound>,
    limiter: &mut RateLimiter,
    [kill, writer_done]: [&CancellationToken; 2],
    node: &Node,
) -> Ending {
    let mut last_seen = now();
    let reply = |id, code, message: &str| {
        let text = ServerEnvelope::error(id, crate::unix_millis(), code, message).to_json();
        let _ = out_tx.try_send(Outbound::Text(text.into()));
    };
    loop {
        let idle_deadline = tokio::time::Instant::from_std(last_seen + IDLE_TIMEOUT);
        let read = tokio::select! {
            () = kill.cancelled() => return Ending::server_closed(last_seen),
            () = writer_done.cancelled() => return Ending::server_closed(last_seen),
            () = node.shutdown.cancelled() => return Ending::server_closed(last_seen),
            r = tokio::time::timeout_at(idle_deadline, read(stream)) => r,
        };
        let frame = match read {
            Err(_) => {
                tracing::debug!(conn = conn.0, "connection silent; considered lost");
                return Ending::lost(last_seen);
            }
            Ok(Read::Lost) => return Ending::lost(last_seen),
            Ok(Read::TooBig) => {
                let _ = out_tx.try_send(Outbound::Close(CLOSE_TOO_BIG, "message too big"));
                return Ending::server_closed(last_seen);
            }
            Ok(Read::Closed(code)) => {
                // Normal, going away, or no code: the client meant to leave. Any other code (for
                // example a client giving up on a silent socket) keeps the place for a resume.
                let clean = matches!(code, None | Some(CLOSE_NORMAL | CLOSE_GOING_AWAY));
                return Ending {
                    clean,
                    last_seen: now(),
                    client_gone: true,
                };
            }
            Ok(frame) => frame,
        };
        last_seen = now();
        // Every frame counts, pings and binary frames included.
        match limiter.check(last_seen) {
            Verdict::Allow => {}
            Verdict::Drop { warn } => {
                if warn {
                    reply(
                        None,
                        ErrorCode::RateLimited,
                        "too many messages; some were dropped",
                    );
                }
                continue;
            }
            Verdict::Disconnect => {
                tracing::info!(conn = conn.0, "client kept flooding; disconnecting");
                let _ = out_tx.try_send(CloseCode::PolicyViolation.into());
                return Ending::server_closed(last_seen);
            }
        }
        let text = match frame {
            Read::Text(t) => t,
            Read::Binary => {
                reply(
                    None,
                    ErrorCode::InvalidJson,
                    "binary frames are not supported",
                );
                continue;
            }
            _ => continue,
        };
        match ClientEnvelope::decode(&text) {
            Ok(envelope) => {
                let msg = RoomMsg::Command {
                    conn,
                    id: envelope.id,
                    command: envelope.command,
                };
                if room_tx.send(msg).await.is_err() {
                    return Ending::server_closed(last_seen);
                }
            }
            Err(e) => reply(e.id, e.code, &e.message),
        }
    }
}

/// Writes outbound messages until told to close, the room drops the connection, or the node
/// shuts down.
async fn write(
    mut sink: Sink,
    mut out: mpsc::Receiver<Outbound>,
    kill: CancellationToken,
    done: CancellationToken,
    shutdown: CancellationToken,
) {
    loop {
        let next = tokio::select! {
            next = out.recv() => next,
            () = shutdown.cancelled() => Some(CloseCode::ShuttingDown.into()),
            // The room dropped this connection (too slow): close so the client resumes.
            () = kill.cancelled() => Some(Outbound::Close(CLOSE_INTERNAL, "too slow")),
        };
        let result = match next {
            Some(Outbound::Text(text)) => sink.send(Message::Text(text.as_ref().into())).await,
            Some(Outbound::Close(code, reason)) => {
                let _ = sink.send(close_message(code, reason)).await;
                break;
            }
            // Nothing more to send: close properly. After the client's close frame this sends
            // the answer of the closing handshake (the same code), so the client sees a clean
            // close rather than 1006.
            None => {
                let _ = sink.close().await;
                break;
            }
        };
        if result.is_err() {
            break;
        }
    }
    done.cancel();
}

//! The IO loop of one SFU shard: its own UDP port, commands from the rooms placed on it, the
//! SFU's timers, and delivery of its events to the rooms. Datagrams move in batches
//! (`recvmmsg`/`sendmmsg`, see [`crate::batch_socket`]); the loop runs on its own thread with a
//! single-threaded runtime, so a node with several shards uses several cores.

use super::media_bridge::to_notice;
use super::registry::RoomRegistry;
use super::room_actor::{Notice, now, sleep_until};
use crate::batch_socket::{BATCH, BatchReceiver, BatchSender};
use crate::metrics::Metrics;
use plenum_media::{Sfu, SfuCommand, SfuOutput};
use std::io::ErrorKind;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::Interest;
use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Receive batches handled per wake-up before the SFU's outputs go out and timers are looked
/// at again.
const RECV_ROUNDS: usize = 4;

/// One shard: a media port and the SFU that serves it.
pub struct MediaShard {
    /// The bound media port (made non-blocking by the shard).
    pub socket: std::net::UdpSocket,
    /// The SFU advertising this port as its candidate.
    pub sfu: Sfu,
}

/// Runs one shard until shutdown.
pub async fn run(
    shard: MediaShard,
    mut commands: mpsc::Receiver<SfuCommand>,
    registry: Arc<RoomRegistry>,
    metrics: Arc<Metrics>,
    shutdown: CancellationToken,
) {
    let MediaShard { socket, mut sfu } = shard;
    let socket = match socket
        .set_nonblocking(true)
        .and_then(|()| UdpSocket::from_std(socket))
    {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "media port unusable; this shard carries no media");
            return;
        }
    };
    let mut receiver = BatchReceiver::default();
    let mut sender = BatchSender::default();
    let mut outgoing: Vec<(SocketAddr, Vec<u8>)> = Vec::with_capacity(BATCH);
    loop {
        let deadline = sfu.poll_timeout();
        tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            command = commands.recv() => match command {
                Some(c) => sfu.handle_command(now(), c),
                None => break,
            },
            ready = socket.readable() => {
                if ready.is_ok() {
                    for _ in 0..RECV_ROUNDS {
                        match socket.try_io(Interest::READABLE, || receiver.recv(&socket, false)) {
                            Ok(n) => {
                                let t = now();
                                let mut bytes = 0;
                                for (source, datagram) in receiver.datagrams() {
                                    bytes += datagram.len() as u64;
                                    sfu.handle_receive(t, source, datagram);
                                }
                                metrics.media_received_packets.inc_by(n as u64);
                                metrics.media_received_bytes.inc_by(bytes);
                                flush(&socket, &mut sfu, &mut sender, &mut outgoing, &registry, &metrics).await;
                                if n < BATCH {
                                    break;
                                }
                            }
                            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                            Err(e) => {
                                tracing::debug!(error = %e, "media receive failed");
                                break;
                            }
                        }
                    }
                }
            }
            () = sleep_until(deadline) => {}
        }
        // Timers run after every wake-up that reached them, not only when the sleep wins the
        // race: under a steady stream of datagrams the socket is always ready first.
        let t = now();
        if sfu.poll_timeout().is_some_and(|deadline| deadline <= t) {
            sfu.handle_timeout(t);
        }
        flush(
            &socket,
            &mut sfu,
            &mut sender,
            &mut outgoing,
            &registry,
            &metrics,
        )
        .await;
    }
    tracing::debug!("media shard stopped");
}

/// Sends what the SFU wants sent (in batches) and hands its events to the rooms.
async fn flush(
    socket: &UdpSocket,
    sfu: &mut Sfu,
    sender: &mut BatchSender,
    outgoing: &mut Vec<(SocketAddr, Vec<u8>)>,
    registry: &RoomRegistry,
    metrics: &Metrics,
) {
    while let Some(output) = sfu.poll_output() {
        match output {
            SfuOutput::Transmit {
                destination,
                contents,
            } => {
                outgoing.push((destination, contents));
                if outgoing.len() == BATCH {
                    send_all(socket, sender, outgoing, metrics).await;
                }
            }
            SfuOutput::Event(event) => {
                if let Some((room, notice)) = to_notice(event) {
                    registry.deliver(&room, Notice::Media(notice));
                }
            }
        }
    }
    send_all(socket, sender, outgoing, metrics).await;
}

/// Sends every queued datagram, waiting while the socket's buffer is full; a datagram the
/// kernel refuses (for example an unreachable address) is dropped.
async fn send_all(
    socket: &UdpSocket,
    sender: &mut BatchSender,
    outgoing: &mut Vec<(SocketAddr, Vec<u8>)>,
    metrics: &Metrics,
) {
    let mut start = 0;
    while start < outgoing.len() {
        let batch = outgoing[start..].iter().map(|(d, b)| (*d, b.as_slice()));
        match socket.try_io(Interest::WRITABLE, || sender.send(socket, batch, false)) {
            Ok(0) => break,
            Ok(n) => {
                let bytes: usize = outgoing[start..start + n]
                    .iter()
                    .map(|(_, b)| b.len())
                    .sum();
                metrics.media_sent_packets.inc_by(n as u64);
                metrics.media_sent_bytes.inc_by(bytes as u64);
                start += n;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if socket.writable().await.is_err() {
                    break;
                }
            }
            Err(e) => {
                tracing::debug!(destination = %outgoing[start].0, error = %e, "media send failed");
                start += 1;
            }
        }
    }
    outgoing.clear();
}

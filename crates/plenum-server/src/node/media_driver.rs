//! The SFU's IO loop: one UDP socket for every peer of the node, commands from the rooms, the
//! SFU's timers, and delivery of its events to the rooms.

use super::media_bridge::to_notice;
use super::registry::RoomRegistry;
use super::room_actor::{Notice, now, sleep_until};
use plenum_media::{Sfu, SfuCommand, SfuOutput};
use std::io::ErrorKind;
use std::sync::Arc;
use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Datagrams read per wake-up before the SFU's outputs are flushed.
const RECV_BATCH: usize = 64;

/// Runs the SFU until shutdown.
pub async fn run(
    socket: UdpSocket,
    mut sfu: Sfu,
    mut commands: mpsc::Receiver<SfuCommand>,
    registry: Arc<RoomRegistry>,
    shutdown: CancellationToken,
) {
    let mut buf = vec![0u8; 2048];
    loop {
        let deadline = sfu.poll_timeout();
        tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            command = commands.recv() => match command {
                Some(c) => sfu.handle_command(now(), c),
                None => break,
            },
            received = socket.recv_from(&mut buf) => {
                if let Ok((n, source)) = received {
                    let t = now();
                    sfu.handle_receive(t, source, &buf[..n]);
                    for _ in 1..RECV_BATCH {
                        match socket.try_recv_from(&mut buf) {
                            Ok((n, source)) => sfu.handle_receive(t, source, &buf[..n]),
                            Err(_) => break,
                        }
                    }
                }
            }
            () = sleep_until(deadline) => sfu.handle_timeout(now()),
        }
        while let Some(output) = sfu.poll_output() {
            match output {
                SfuOutput::Transmit {
                    destination,
                    contents,
                } => match socket.try_send_to(&contents, destination) {
                    Ok(_) => {}
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        if let Err(e) = socket.send_to(&contents, destination).await {
                            tracing::debug!(%destination, error = %e, "media send failed");
                        }
                    }
                    Err(e) => tracing::debug!(%destination, error = %e, "media send failed"),
                },
                SfuOutput::Event(event) => {
                    if let Some((room, notice)) = to_notice(event) {
                        registry.deliver(&room, Notice::Media(notice));
                    }
                }
            }
        }
    }
    tracing::debug!("media engine stopped");
}

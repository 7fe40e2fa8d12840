//! The baseline: a plain UDP fan-out with no WebRTC at all (no ICE, DTLS, SRTP, RTCP). It shows
//! what this machine's network stack can forward with the best batching it offers (`recvmmsg`,
//! `sendmmsg`, through the same [`plenum_server::batch_socket`] the SFU uses); an SFU can only
//! be slower.
//!
//! Datagrams: `[1, room u32]` registers the sender as a receiver of `room`; `[2, room u32, …]`
//! is media, sent unchanged to every other receiver of that room.

use plenum_server::batch_socket::{BatchReceiver, BatchSender};
use std::collections::HashMap;
use std::net::{SocketAddr, UdpSocket};

/// Registers a receiver.
pub const REGISTER: u8 = 1;
/// Media to fan out.
pub const MEDIA: u8 = 2;
/// Length of the prefix before the RTP-like packet.
pub const PREFIX: usize = 5;

/// Runs the forwarder on the blocking `socket` forever (until the process ends).
pub fn run(socket: &UdpSocket) -> std::io::Result<()> {
    let mut rooms: HashMap<u32, Vec<SocketAddr>> = HashMap::new();
    let mut receiver = BatchReceiver::default();
    let mut sender = BatchSender::default();
    loop {
        receiver.recv(socket, true)?;
        let mut out: Vec<(SocketAddr, &[u8])> = Vec::new();
        for (source, datagram) in receiver.datagrams() {
            if datagram.len() < PREFIX {
                continue;
            }
            let room = u32::from_be_bytes([datagram[1], datagram[2], datagram[3], datagram[4]]);
            match datagram[0] {
                REGISTER => {
                    let members = rooms.entry(room).or_default();
                    if !members.contains(&source) {
                        members.push(source);
                    }
                }
                MEDIA => out.extend(
                    rooms
                        .get(&room)
                        .into_iter()
                        .flatten()
                        .filter(|d| **d != source)
                        .map(|d| (*d, datagram)),
                ),
                _ => {}
            }
        }
        let mut start = 0;
        while start < out.len() {
            match sender.send(socket, out[start..].iter().copied(), true) {
                Ok(0) => break,
                Ok(n) => start += n,
                // A receiver that went away: skip its datagram, as the kernel would drop it.
                Err(_) => start += 1,
            }
        }
    }
}

//! The baseline: a plain UDP fan-out with no WebRTC at all (no ICE, DTLS, SRTP, RTCP). It shows
//! what this machine's network stack can forward; an SFU can only be slower.
//!
//! Datagrams: `[1, room u32]` registers the sender as a receiver of `room`; `[2, room u32, …]`
//! is media, sent unchanged to every other receiver of that room.

use std::collections::HashMap;
use std::net::{SocketAddr, UdpSocket};

/// Registers a receiver.
pub const REGISTER: u8 = 1;
/// Media to fan out.
pub const MEDIA: u8 = 2;
/// Length of the prefix before the RTP-like packet.
pub const PREFIX: usize = 5;

/// Runs the forwarder on `socket` forever (until the process ends).
pub fn run(socket: &UdpSocket) -> std::io::Result<()> {
    let mut rooms: HashMap<u32, Vec<SocketAddr>> = HashMap::new();
    let mut buf = [0u8; 2048];
    loop {
        let (n, source) = socket.recv_from(&mut buf)?;
        if n < PREFIX {
            continue;
        }
        let room = u32::from_be_bytes([buf[1], buf[2], buf[3], buf[4]]);
        match buf[0] {
            REGISTER => {
                let members = rooms.entry(room).or_default();
                if !members.contains(&source) {
                    members.push(source);
                }
            }
            MEDIA => {
                for dest in rooms.get(&room).into_iter().flatten() {
                    if *dest != source {
                        let _ = socket.send_to(&buf[..n], dest);
                    }
                }
            }
            _ => {}
        }
    }
}

//! Participants of the null forwarder: the same media timing and sizes as the WebRTC peers, as
//! plain RTP-like datagrams without encryption.

use crate::metrics::{Metrics, SeqTracker};
use crate::null_forwarder::{MEDIA, PREFIX, REGISTER};
use crate::rtc_peer::{PeerConfig, Ready, rtp_header};
use crate::source::{AudioSource, VideoSource, read_stamp};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::UdpSocket;
use tokio_util::sync::CancellationToken;

/// Largest payload per datagram, as WebRTC packetizers use.
const MTU_PAYLOAD: usize = 1150;

struct Stream {
    ssrc: u32,
    seq: u16,
}

impl Stream {
    fn packet(
        &mut self,
        room: u32,
        timestamp: u32,
        stamp: Duration,
        payload: &[u8],
        out: &mut Vec<u8>,
    ) {
        out.clear();
        out.push(MEDIA);
        out.extend_from_slice(&room.to_be_bytes());
        out.extend_from_slice(&[0x80, 96]);
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.extend_from_slice(&timestamp.to_be_bytes());
        out.extend_from_slice(&self.ssrc.to_be_bytes());
        out.extend_from_slice(&(stamp.as_micros() as u64).to_be_bytes());
        out.extend_from_slice(payload);
        self.seq = self.seq.wrapping_add(1);
    }
}

/// Runs one participant of `room` against the forwarder at `forwarder` until `stop`.
pub async fn participant(
    forwarder: SocketAddr,
    room: u32,
    index: u32,
    config: PeerConfig,
    metrics: Arc<Metrics>,
    ready: Ready,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    let socket = UdpSocket::bind(SocketAddr::new(config.bind_ip, 0)).await?;
    let mut register = [REGISTER, 0, 0, 0, 0];
    register[1..].copy_from_slice(&room.to_be_bytes());
    socket.send_to(&register, forwarder).await?;
    let _ = ready.send(());
    let now = Instant::now();
    let mut audio = config.publish.as_ref().and_then(|p| {
        p.audio
            .clone()
            .map(|a| AudioSource::new(a, config.epoch, now, p.phase))
    });
    let mut video = config
        .publish
        .as_ref()
        .and_then(|p| p.video.clone())
        .map(|v| VideoSource::new(v, config.epoch, now));
    let mut audio_stream = Stream {
        ssrc: index * 2,
        seq: 0,
    };
    let mut video_streams: Vec<Stream> = (0..3)
        .map(|l| Stream {
            ssrc: index * 2 + 1 + 1000 * l,
            seq: 0,
        })
        .collect();
    let mut keepalive = tokio::time::interval(Duration::from_secs(1));
    let mut seqs: HashMap<u32, SeqTracker> = HashMap::new();
    let mut first = false;
    let mut buf = vec![0u8; 2048];
    let mut out = Vec::with_capacity(2048);
    loop {
        let due = [
            audio.as_ref().map(AudioSource::next_due),
            video.as_ref().map(VideoSource::next_due),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or_else(|| Instant::now() + Duration::from_secs(3600));
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            _ = keepalive.tick() => { socket.send_to(&register, forwarder).await?; }
            received = socket.recv_from(&mut buf) => {
                let (n, _) = received?;
                let data = &buf[..n];
                if let Some((seq, ssrc)) = data.get(PREFIX..).and_then(rtp_header) {
                    let now = Instant::now();
                    metrics.packet(n - PREFIX);
                    metrics.expect(seqs.entry(ssrc).or_default().on_seq(seq));
                    if !first {
                        first = true;
                        metrics.join_to_first_packet_ms(now.saturating_duration_since(config.join_started).as_secs_f64() * 1000.0);
                    }
                    if config.probe && let Some(sent) = read_stamp(data, PREFIX + 12) {
                        metrics.latency_us(now.saturating_duration_since(config.epoch + sent).as_micros() as u64);
                    }
                }
            }
            () = tokio::time::sleep_until(due.into()) => {
                let now = Instant::now();
                let stamp = now.saturating_duration_since(config.epoch);
                if let Some(frame) = audio.as_mut().and_then(|a| a.poll(now)) {
                    audio_stream.packet(room, frame.rtp_time as u32, stamp, &frame.data, &mut out);
                    let _ = socket.try_send_to(&out, forwarder);
                }
                for frame in video.as_mut().map(|v| v.poll(now)).unwrap_or_default() {
                    let stream = &mut video_streams[frame.layer];
                    for chunk in frame.data.chunks(MTU_PAYLOAD) {
                        stream.packet(room, frame.rtp_time as u32, stamp, chunk, &mut out);
                        let _ = socket.try_send_to(&out, forwarder);
                    }
                }
            }
        }
    }
}

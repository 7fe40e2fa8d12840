//! One synthetic WebRTC endpoint on str0m: its own UDP socket, publishing synthetic audio and
//! video if asked, counting what it receives. Signaling reaches it as SDP through channels, so
//! the same peer works against Plenum and Janus.

use crate::adaptation::Adaptation;
use crate::metrics::{Metrics, SeqTracker};
use crate::scenario::{Audio, Impairment, Video};
use crate::source::{
    AUDIO_STAMP_OFFSET, AudioSource, RIDS, VIDEO_LAYER_OFFSET, VIDEO_STAMP_OFFSET, VideoSource,
    read_stamp,
};
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::config::CryptoProvider;
use str0m::format::Codec;
use str0m::media::{
    Direction, Frequency, MediaKind, MediaTime, Mid, Pt, Rid, Simulcast, SimulcastLayer,
};
use str0m::net::{Protocol, Receive};
use str0m::rtp::{Extension, ExtensionMap};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

/// SDP exchanged with the target's signaling.
#[derive(Debug)]
pub enum Signal {
    /// An offer (from the peer, or to be answered by it).
    Offer(String),
    /// An answer.
    Answer(String),
    /// Dynacast: the simulcast layers (rids) to send; the others pause.
    Layers(Vec<String>),
}

/// What this peer publishes.
#[derive(Clone, Debug)]
pub struct Publish {
    /// Audio, if the microphone is on.
    pub audio: Option<Audio>,
    /// Video, if any.
    pub video: Option<Video>,
    /// Shift of the talk pattern.
    pub phase: Duration,
}

/// How to run one peer.
#[derive(Clone, Debug)]
pub struct PeerConfig {
    /// Publish these, if any.
    pub publish: Option<Publish>,
    /// Decrypt and depacketize received media to measure latency.
    pub probe: bool,
    /// Make the first offer with send-only audio and video (like a browser joining Plenum, or
    /// a Janus publisher); otherwise wait for the target's offer.
    pub offer_first: bool,
    /// When this participant started to join (for join-to-first-packet).
    pub join_started: Instant,
    /// Common time base of send stamps.
    pub epoch: Instant,
    /// Applied to received datagrams.
    pub impairment: Impairment,
    /// Local address to bind.
    pub bind_ip: IpAddr,
    /// This is the adapting subscriber of a bad-network measurement: it shows the publishers
    /// large, its downlink is impaired for a while, and it logs the layers it receives.
    pub adaptation: Option<Arc<Adaptation>>,
}

/// Reports that the peer's media session is up.
pub type Ready = oneshot::Sender<()>;

struct Sending {
    audio: Option<AudioSource>,
    video: Option<VideoSource>,
    audio_mid: Mid,
    video_mid: Mid,
    pts: Option<(Pt, Pt)>,
}

/// The most a rate-limited link holds in its queue before it drops (a modem's buffer).
const LINK_QUEUE: Duration = Duration::from_millis(300);

struct ImpairedQueue {
    impairment: Impairment,
    held: VecDeque<(Instant, SocketAddr, Vec<u8>)>,
    /// When the rate-limited link has sent what it holds.
    busy_until: Instant,
    rng: u64,
}

impl ImpairedQueue {
    fn active(&self) -> bool {
        let i = &self.impairment;
        i.loss_pct > 0.0 || i.delay_ms > 0 || i.rate_kbps > 0
    }

    /// Xorshift: cheap, deterministic per peer; only decides which datagrams to drop.
    fn random(&mut self) -> f64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        (self.rng >> 11) as f64 / (1u64 << 53) as f64
    }

    /// When a datagram arriving at `now` comes out of the impaired link, if it survives: random
    /// loss, then a bottleneck of `rate_kbps` that sends one datagram after another and drops
    /// what would wait longer than [`LINK_QUEUE`] (a shaper, as a slow access link is), then
    /// the delay.
    fn admit(&mut self, now: Instant, len: usize) -> Option<Instant> {
        if self.impairment.loss_pct > 0.0 && self.random() * 100.0 < self.impairment.loss_pct {
            return None;
        }
        let mut out = now;
        if self.impairment.rate_kbps > 0 {
            let start = self.busy_until.max(now);
            if start.saturating_duration_since(now) > LINK_QUEUE {
                return None;
            }
            let bits = len as f64 * 8.0;
            self.busy_until = start
                + Duration::from_secs_f64(bits / (f64::from(self.impairment.rate_kbps) * 1000.0));
            out = self.busy_until;
        }
        Some(out + Duration::from_millis(self.impairment.delay_ms))
    }
}

/// Runs the peer until `stop`.
pub async fn run(
    config: PeerConfig,
    crypto: Arc<CryptoProvider>,
    metrics: Arc<Metrics>,
    mut inbound: mpsc::Receiver<Signal>,
    outbound: mpsc::Sender<Signal>,
    ready: Ready,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    let socket = UdpSocket::bind(SocketAddr::new(config.bind_ip, 0)).await?;
    let local = socket.local_addr()?;
    let now = Instant::now();
    let mut builder = Rtc::builder().set_crypto_provider(crypto);
    if !config.probe && config.adaptation.is_none() {
        // A counting peer never decrypts media, so it could not send the TWCC feedback it
        // would promise: it negotiates none, and the target estimates no bandwidth for it.
        let mut exts = ExtensionMap::empty();
        for (id, ext) in ExtensionMap::standard().iter() {
            if !matches!(ext, Extension::TransportSequenceNumber) {
                exts.set(id, ext.clone());
            }
        }
        builder = builder.set_extension_map(exts);
    }
    let mut rtc = builder.build(now);
    rtc.add_local_candidate(Candidate::host(local, "udp")?);
    let mut pending: Option<SdpPendingOffer> = None;
    let mut sending = None;
    if config.offer_first {
        let mut api = rtc.sdp_api();
        let audio_mid = api.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
        let layers = config
            .publish
            .as_ref()
            .and_then(|p| p.video.as_ref())
            .map_or(1, |v| v.layers);
        let simulcast = (layers > 1).then(|| {
            let mut s = Simulcast::new();
            for rid in &RIDS[..layers as usize] {
                s.add_send_layer(SimulcastLayer::new(rid));
            }
            s
        });
        let video_mid = api.add_media(MediaKind::Video, Direction::SendOnly, None, None, simulcast);
        let (offer, p) = api.apply().ok_or_else(|| anyhow::anyhow!("no offer"))?;
        pending = Some(p);
        outbound.send(Signal::Offer(offer.to_sdp_string())).await?;
        if let Some(p) = &config.publish {
            // Sources start on connection; placeholders until then.
            sending = Some(Sending {
                audio: p
                    .audio
                    .clone()
                    .map(|a| AudioSource::new(a, config.epoch, now, p.phase)),
                video: p
                    .video
                    .clone()
                    .map(|v| VideoSource::new(v, config.epoch, now)),
                audio_mid,
                video_mid,
                pts: None,
            });
        }
    }
    let mut ready = Some(ready);
    let mut connected = false;
    let mut rtc_deadline;
    let mut seqs: HashMap<u32, SeqTracker> = HashMap::new();
    let mut first_packet = false;
    let mut buf = vec![0u8; 2048];
    let mut queue = ImpairedQueue {
        impairment: config.impairment.clone(),
        held: VecDeque::new(),
        busy_until: now,
        rng: u64::from(local.port()) | 1,
    };

    loop {
        // Drain str0m.
        loop {
            match rtc.poll_output()? {
                Output::Transmit(t) => {
                    let _ = socket.try_send_to(&t.contents, t.destination);
                }
                Output::Timeout(t) => {
                    rtc_deadline = t;
                    break;
                }
                Output::Event(event) => match event {
                    Event::Connected => {
                        connected = true;
                        if let (Some(s), Some(p)) = (sending.as_mut(), config.publish.as_ref()) {
                            let now = Instant::now();
                            s.audio = p
                                .audio
                                .clone()
                                .map(|a| AudioSource::new(a, config.epoch, now, p.phase));
                            s.video = p
                                .video
                                .clone()
                                .map(|v| VideoSource::new(v, config.epoch, now));
                        }
                        if let Some(r) = ready.take() {
                            let _ = r.send(());
                        }
                    }
                    Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                        anyhow::bail!("ICE disconnected");
                    }
                    Event::KeyframeRequest(_) => {
                        if let Some(video) = sending.as_mut().and_then(|s| s.video.as_mut()) {
                            video.request_keyframe();
                        }
                    }
                    Event::MediaData(d) => {
                        let video = d.params.spec().codec == Codec::Vp8;
                        let offset = if video {
                            VIDEO_STAMP_OFFSET
                        } else {
                            AUDIO_STAMP_OFFSET
                        };
                        if let Some(adaptation) = &config.adaptation {
                            if !video {
                                adaptation.audio(Instant::now(), **d.seq_range.start());
                            } else if let Some(layer) = d.data.get(VIDEO_LAYER_OFFSET) {
                                adaptation.frame(Instant::now(), *layer);
                            }
                        }
                        if let Some(sent) = read_stamp(&d.data, offset) {
                            let latency =
                                Instant::now().saturating_duration_since(config.epoch + sent);
                            metrics.latency_us(latency.as_micros() as u64);
                        }
                    }
                    _ => {}
                },
            }
        }
        let media_due = sending.as_ref().filter(|_| connected).and_then(|s| {
            let audio = s.audio.as_ref().map(AudioSource::next_due);
            let video = s.video.as_ref().map(VideoSource::next_due);
            audio.into_iter().chain(video).min()
        });
        let held_due = queue.held.front().map(|(t, _, _)| *t);
        let deadline = [Some(rtc_deadline), media_due, held_due]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(rtc_deadline);

        let mut datagram: Option<(SocketAddr, usize)> = None;
        tokio::select! {
            () = stop.cancelled() => break,
            signal = inbound.recv() => match signal {
                Some(Signal::Answer(sdp)) => {
                    let p = pending.take().ok_or_else(|| anyhow::anyhow!("answer without offer"))?;
                    rtc.sdp_api().accept_answer(p, SdpAnswer::from_sdp_string(&sdp)?)?;
                }
                Some(Signal::Offer(sdp)) => {
                    let answer = rtc.sdp_api().accept_offer(SdpOffer::from_sdp_string(&sdp)?)?;
                    outbound.send(Signal::Answer(answer.to_sdp_string())).await?;
                }
                Some(Signal::Layers(active)) => {
                    if let Some(video) = sending.as_mut().and_then(|s| s.video.as_mut()) {
                        video.set_active(&active);
                    }
                }
                None => break,
            },
            received = socket.recv_from(&mut buf) => {
                let (n, source) = received?;
                datagram = Some((source, n));
            }
            () = tokio::time::sleep_until(deadline.into()) => {}
        }
        let now = Instant::now();
        let mut inputs: Vec<(SocketAddr, Vec<u8>)> = Vec::new();
        if let Some((source, n)) = datagram {
            if let Some(adaptation) = &config.adaptation {
                queue.impairment = adaptation
                    .impairment_at(now)
                    .unwrap_or(&config.impairment)
                    .clone();
            }
            if !queue.active() {
                receive(
                    &mut rtc,
                    &metrics,
                    &config,
                    &mut seqs,
                    &mut first_packet,
                    local,
                    source,
                    &buf[..n],
                    now,
                )?;
            } else if let Some(out) = queue.admit(now, n) {
                queue.held.push_back((out, source, buf[..n].to_vec()));
            }
        }
        while queue.held.front().is_some_and(|(t, _, _)| *t <= now) {
            if let Some((_, source, data)) = queue.held.pop_front() {
                inputs.push((source, data));
            }
        }
        for (source, data) in inputs {
            receive(
                &mut rtc,
                &metrics,
                &config,
                &mut seqs,
                &mut first_packet,
                local,
                source,
                &data,
                now,
            )?;
        }
        if now >= rtc_deadline {
            rtc.handle_input(Input::Timeout(now))?;
        }
        if connected && let Some(s) = sending.as_mut() {
            send_media(&mut rtc, s, now)?;
        }
    }
    Ok(())
}

/// Counts a received datagram from its clear RTP header and hands it to str0m unless it is
/// media that this (non-probe) peer does not need to decrypt.
#[allow(clippy::too_many_arguments)]
fn receive(
    rtc: &mut Rtc,
    metrics: &Metrics,
    config: &PeerConfig,
    seqs: &mut HashMap<u32, SeqTracker>,
    first_packet: &mut bool,
    local: SocketAddr,
    source: SocketAddr,
    data: &[u8],
    now: Instant,
) -> anyhow::Result<()> {
    if let Some((seq, ssrc)) = rtp_header(data) {
        metrics.packet(data.len());
        metrics.expect(seqs.entry(ssrc).or_default().on_seq(seq));
        if !*first_packet {
            *first_packet = true;
            metrics.join_to_first_packet_ms(
                now.saturating_duration_since(config.join_started)
                    .as_secs_f64()
                    * 1000.0,
            );
        }
        if !config.probe && config.adaptation.is_none() {
            return Ok(());
        }
    }
    let Ok(contents) = data.try_into() else {
        return Ok(());
    };
    rtc.handle_input(Input::Receive(
        now,
        Receive {
            proto: Protocol::Udp,
            source,
            destination: local,
            contents,
        },
    ))?;
    Ok(())
}

/// Sequence number and SSRC of an RTP (not RTCP) packet; both are in the clear with SRTP.
pub fn rtp_header(data: &[u8]) -> Option<(u16, u32)> {
    if data.len() < 12 || data[0] >> 6 != 2 || (192..=223).contains(&data[1]) {
        return None;
    }
    let seq = u16::from_be_bytes([data[2], data[3]]);
    let ssrc = u32::from_be_bytes([data[8], data[9], data[10], data[11]]);
    Some((seq, ssrc))
}

fn send_media(rtc: &mut Rtc, s: &mut Sending, now: Instant) -> anyhow::Result<()> {
    if s.pts.is_none() {
        let pt = |rtc: &mut Rtc, mid: Mid, codec: Codec| {
            rtc.writer(mid).and_then(|w| {
                w.payload_params()
                    .find(|p| p.spec().codec == codec)
                    .map(|p| p.pt())
            })
        };
        match (
            pt(rtc, s.audio_mid, Codec::Opus),
            pt(rtc, s.video_mid, Codec::Vp8),
        ) {
            (Some(a), Some(v)) => s.pts = Some((a, v)),
            _ => return Ok(()),
        }
    }
    let (audio_pt, video_pt) = s.pts.expect("set above");
    if let Some(frame) = s.audio.as_mut().and_then(|a| a.poll(now))
        && let Some(w) = rtc.writer(s.audio_mid)
    {
        w.audio_level(frame.level, frame.level > -50).write(
            audio_pt,
            now,
            MediaTime::new(frame.rtp_time, Frequency::FORTY_EIGHT_KHZ),
            frame.data,
        )?;
    }
    if let Some(video) = s.video.as_mut() {
        // Every frame of a simulcast source names its layer, also while the SFU has paused all
        // but one (without a rid, str0m would send it on whichever layer's stream comes first).
        let layered = video.layers() > 1;
        let frames = video.poll(now);
        for frame in frames {
            let Some(mut w) = rtc.writer(s.video_mid) else {
                continue;
            };
            if layered {
                w = w.rid(Rid::from(RIDS[frame.layer]));
            }
            w.write(
                video_pt,
                now,
                MediaTime::new(frame.rtp_time, Frequency::NINETY_KHZ),
                frame.data,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(impairment: Impairment, now: Instant) -> ImpairedQueue {
        ImpairedQueue {
            impairment,
            held: VecDeque::new(),
            busy_until: now,
            rng: 12345,
        }
    }

    #[test]
    fn impairment_drops_the_requested_share_queues_behind_the_rate_and_delays() {
        let t0 = Instant::now();
        let mut lossy = queue(
            Impairment {
                loss_pct: 20.0,
                ..Impairment::default()
            },
            t0,
        );
        let kept = (0..10_000)
            .filter(|_| lossy.admit(t0, 100).is_some())
            .count();
        assert!((7_700..8_300).contains(&kept), "{kept}");

        // 80 kbit/s = 10,000 bytes/s: a 1,000-byte datagram takes 100 ms, so of a thousand
        // arriving at once four get through (300 ms of queue), one after another, 50 ms late.
        let mut slow = queue(
            Impairment {
                rate_kbps: 80,
                delay_ms: 50,
                ..Impairment::default()
            },
            t0,
        );
        let out: Vec<Instant> = (0..1000).filter_map(|_| slow.admit(t0, 1000)).collect();
        let ms = |t: &Instant| t.duration_since(t0).as_millis();
        assert_eq!(
            out.iter().map(ms).collect::<Vec<_>>(),
            vec![150, 250, 350, 450]
        );
        assert!(!queue(Impairment::default(), t0).active());
    }

    #[test]
    fn rtp_headers_are_told_from_rtcp() {
        let mut rtp = [0u8; 20];
        rtp[0] = 0x80;
        rtp[1] = 96;
        rtp[2..4].copy_from_slice(&513u16.to_be_bytes());
        rtp[8..12].copy_from_slice(&7u32.to_be_bytes());
        assert_eq!(rtp_header(&rtp), Some((513, 7)));
        let mut rtcp = rtp;
        rtcp[1] = 200;
        assert_eq!(rtp_header(&rtcp), None);
        assert_eq!(rtp_header(&[0x16, 0xfe, 0xfd]), None, "DTLS");
        assert_eq!(rtp_header(&rtp[..8]), None);
    }
}

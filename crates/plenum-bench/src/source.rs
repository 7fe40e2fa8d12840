//! Synthetic publishers: VP8-like video frames (keyframes, simulcast layers) and Opus-like audio
//! packets with an RFC 6464 level following a talk pattern. Every payload carries its send time
//! so that subscribers can measure latency through the SFU.

use crate::scenario::{Audio, Video};
use std::time::{Duration, Instant};

/// Offset of the send time in a video frame (after a VP8-like header).
pub const VIDEO_STAMP_OFFSET: usize = 10;
/// Offset of the layer's index (0: the largest) in a video frame, after the send time.
pub const VIDEO_LAYER_OFFSET: usize = VIDEO_STAMP_OFFSET + 8;
/// Offset of the send time in an audio frame.
pub const AUDIO_STAMP_OFFSET: usize = 0;
/// Picture size of the largest layer's key frames (each layer below is half as wide and high).
const LARGEST_WIDTH: u16 = 1280;
const LARGEST_HEIGHT: u16 = 720;
/// Simulcast rids, highest first.
pub const RIDS: [&str; 3] = ["h", "m", "l"];

/// Writes `now - epoch` in microseconds at `offset`.
fn stamp(buf: &mut [u8], offset: usize, epoch: Instant, now: Instant) {
    let us = now.saturating_duration_since(epoch).as_micros() as u64;
    buf[offset..offset + 8].copy_from_slice(&us.to_be_bytes());
}

/// Reads the send time written by a source; `None` if the buffer is too short.
pub fn read_stamp(buf: &[u8], offset: usize) -> Option<Duration> {
    let bytes: [u8; 8] = buf.get(offset..offset + 8)?.try_into().ok()?;
    Some(Duration::from_micros(u64::from_be_bytes(bytes)))
}

/// One frame of one layer.
#[derive(Debug)]
pub struct VideoFrame {
    /// Layer index (0 = highest); the rid is `RIDS[layer]` when simulcasting.
    pub layer: usize,
    /// RTP time at 90 kHz.
    pub rtp_time: u64,
    /// The frame.
    pub data: Vec<u8>,
}

/// Video frames at a fixed rate.
#[derive(Debug)]
pub struct VideoSource {
    video: Video,
    epoch: Instant,
    next: Instant,
    frame: u64,
    /// A receiver asked for a keyframe: the next frame is one.
    key_due: bool,
    /// Per layer: whether it is sent (the SFU may pause layers nobody receives).
    active: Vec<bool>,
}

impl VideoSource {
    /// A source whose first frame is due at `start`.
    pub fn new(video: Video, epoch: Instant, start: Instant) -> Self {
        VideoSource {
            epoch,
            next: start,
            frame: 0,
            key_due: false,
            active: vec![true; video.layers as usize],
            video,
        }
    }

    /// Sends only the layers named (by rid), as a browser does when the SFU pauses the others;
    /// a layer that resumes starts with a keyframe.
    pub fn set_active(&mut self, rids: &[String]) {
        for (layer, active) in self.active.iter_mut().enumerate() {
            let now = rids.iter().any(|r| r == RIDS[layer]);
            self.key_due |= now && !*active;
            *active = now;
        }
    }

    /// A receiver asked for a keyframe (PLI or FIR): the next frame is one, as a browser does.
    pub fn request_keyframe(&mut self) {
        self.key_due = true;
    }

    /// When the next frame is due.
    pub fn next_due(&self) -> Instant {
        self.next
    }

    /// How many simulcast layers the source has (paused ones included).
    pub fn layers(&self) -> u32 {
        self.video.layers
    }

    /// The frames due at `now` (one per layer), if a frame is due.
    pub fn poll(&mut self, now: Instant) -> Vec<VideoFrame> {
        if now < self.next {
            return Vec::new();
        }
        let fps = f64::from(self.video.fps);
        let interval = Duration::from_secs_f64(1.0 / fps);
        let frames_per_key = (self.video.keyframe_interval_s * fps).max(1.0) as u64;
        let key = self.frame.is_multiple_of(frames_per_key) || std::mem::take(&mut self.key_due);
        let rtp_time = self.frame * (90_000 / u64::from(self.video.fps));
        self.frame += 1;
        self.next += interval;
        if self.next + interval * 5 < now {
            self.next = now + interval; // fell far behind (for example after a stall)
        }
        // Average bytes per frame so that keyframes (5x) and deltas meet the bitrate.
        let per_second = f64::from(self.video.bitrate_kbps) * 1000.0 / 8.0;
        let weight = fps + 4.0 / self.video.keyframe_interval_s.max(1.0 / fps);
        let delta_size = (per_second / weight).max(32.0);
        (0..self.video.layers as usize)
            .filter(|layer| self.active.get(*layer).copied().unwrap_or(true))
            .map(|layer| {
                let scale = 1.0 / f64::from(1u32 << layer);
                let size = (delta_size * if key { 5.0 } else { 1.0 } * scale) as usize;
                let mut data = vec![0x55u8; size.max(VIDEO_LAYER_OFFSET + 1)];
                // A VP8 frame header: bit 0 of the first byte clear means keyframe, which then
                // announces its picture size (little-endian, 14 bits), as a browser's layers
                // do: 1280×720 for the largest, half of it for each layer below.
                let header: [u8; 10] = if key {
                    let [w0, w1] = (LARGEST_WIDTH >> layer).to_le_bytes();
                    let [h0, h1] = (LARGEST_HEIGHT >> layer).to_le_bytes();
                    [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, w0, w1, h0, h1]
                } else {
                    [0x11, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0]
                };
                data[..10].copy_from_slice(&header);
                stamp(&mut data, VIDEO_STAMP_OFFSET, self.epoch, now);
                data[VIDEO_LAYER_OFFSET] = u8::try_from(layer).unwrap_or(u8::MAX);
                VideoFrame {
                    layer,
                    rtp_time,
                    data,
                }
            })
            .collect()
    }
}

/// One 20 ms audio packet.
#[derive(Debug)]
pub struct AudioFrame {
    /// RTP time at 48 kHz.
    pub rtp_time: u64,
    /// RFC 6464 level in dBov (0 loudest, -127 silence).
    pub level: i8,
    /// The payload.
    pub data: Vec<u8>,
}

/// Audio packets every 20 ms.
#[derive(Debug)]
pub struct AudioSource {
    audio: Audio,
    epoch: Instant,
    start: Instant,
    next: Instant,
    packet: u64,
}

const AUDIO_INTERVAL: Duration = Duration::from_millis(20);

impl AudioSource {
    /// A source whose first packet is due at `start`; `phase` shifts its talk pattern so that
    /// publishers do not all speak at once.
    pub fn new(audio: Audio, epoch: Instant, start: Instant, phase: Duration) -> Self {
        AudioSource {
            audio,
            epoch,
            start: start - phase.min(start - epoch),
            next: start,
            packet: 0,
        }
    }

    /// When the next packet is due.
    pub fn next_due(&self) -> Instant {
        self.next
    }

    /// The packet due at `now`, if one is.
    pub fn poll(&mut self, now: Instant) -> Option<AudioFrame> {
        if now < self.next {
            return None;
        }
        let rtp_time = self.packet * 960;
        self.packet += 1;
        self.next += AUDIO_INTERVAL;
        if self.next + AUDIO_INTERVAL * 5 < now {
            self.next = now + AUDIO_INTERVAL;
        }
        let cycle = self.audio.talk_on_s + self.audio.talk_off_s;
        let t = now.saturating_duration_since(self.start).as_secs_f64();
        let talking = cycle <= 0.0 || t % cycle < self.audio.talk_on_s;
        let size = (f64::from(self.audio.bitrate_kbps) * 1000.0 / 8.0 / 50.0).max(16.0) as usize;
        let mut data = vec![0xfcu8; size.max(AUDIO_STAMP_OFFSET + 8)];
        stamp(&mut data, AUDIO_STAMP_OFFSET, self.epoch, now);
        Some(AudioFrame {
            rtp_time,
            level: if talking { -25 } else { -110 },
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_meets_its_bitrate_and_stamps_frames() {
        let epoch = Instant::now();
        let video = Video {
            bitrate_kbps: 800,
            fps: 25,
            keyframe_interval_s: 2.0,
            layers: 2,
        };
        let mut src = VideoSource::new(video, epoch, epoch);
        let mut bytes = [0usize; 2];
        let mut keys = 0;
        let mut t = epoch;
        for _ in 0..250 {
            for f in src.poll(t) {
                bytes[f.layer] += f.data.len();
                keys += usize::from(f.data[0] & 1 == 0 && f.layer == 0);
                if f.data[0] & 1 == 0 {
                    // Like a browser's layers, each key frame says how large its picture is.
                    let width = u16::from_le_bytes([f.data[6], f.data[7]]) & 0x3fff;
                    assert_eq!(width, 1280 >> f.layer);
                }
                assert_eq!(read_stamp(&f.data, VIDEO_STAMP_OFFSET), Some(t - epoch));
            }
            t += Duration::from_millis(40);
        }
        let kbps = bytes[0] as f64 * 8.0 / 10.0 / 1000.0;
        assert!((700.0..900.0).contains(&kbps), "{kbps}");
        assert!(bytes[1] * 2 <= bytes[0] + 100, "second layer is half");
        assert_eq!(keys, 5);
    }

    #[test]
    fn a_keyframe_request_makes_the_next_frame_a_keyframe() {
        let epoch = Instant::now();
        let video = Video {
            bitrate_kbps: 300,
            fps: 25,
            keyframe_interval_s: 10.0,
            layers: 1,
        };
        let mut src = VideoSource::new(video, epoch, epoch);
        let key = |frames: Vec<VideoFrame>| frames[0].data[0] & 1 == 0;
        assert!(key(src.poll(epoch)), "the first frame");
        let frame = Duration::from_millis(40);
        assert!(!key(src.poll(epoch + frame)));
        src.request_keyframe();
        assert!(key(src.poll(epoch + frame * 2)), "asked for");
        assert!(!key(src.poll(epoch + frame * 3)), "once");
    }

    #[test]
    fn audio_talks_in_its_pattern() {
        let epoch = Instant::now();
        let audio = Audio {
            bitrate_kbps: 32,
            talk_on_s: 1.0,
            talk_off_s: 1.0,
        };
        let mut src = AudioSource::new(audio, epoch, epoch, Duration::ZERO);
        let mut t = epoch;
        let mut loud = 0;
        for _ in 0..100 {
            let p = src.poll(t).unwrap();
            assert_eq!(p.data.len(), 80);
            loud += usize::from(p.level > -50);
            t += AUDIO_INTERVAL;
        }
        assert_eq!(loud, 50);
    }
    #[test]
    fn paused_layers_are_not_sent_and_a_resumed_one_starts_with_a_keyframe() {
        let epoch = Instant::now();
        let video = Video {
            bitrate_kbps: 500,
            fps: 10,
            keyframe_interval_s: 100.0,
            layers: 3,
        };
        let mut src = VideoSource::new(video, epoch, epoch);
        let step = Duration::from_millis(100);
        assert_eq!(src.poll(epoch).len(), 3);
        src.set_active(&["l".to_owned()]);
        let frames = src.poll(epoch + step);
        assert_eq!(frames.iter().map(|f| f.layer).collect::<Vec<_>>(), vec![2]);
        assert_eq!(frames[0].data[0] & 1, 1, "an inter frame");
        src.set_active(&["h".to_owned(), "l".to_owned()]);
        let frames = src.poll(epoch + step * 2);
        assert_eq!(
            frames.iter().map(|f| f.layer).collect::<Vec<_>>(),
            vec![0, 2]
        );
        assert!(frames.iter().all(|f| f.data[0] & 1 == 0), "key frames");
    }
}

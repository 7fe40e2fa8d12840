//! The bad-network measurement: one subscriber shows the publishers large while its downlink
//! is impaired for a while (loss, delay or a rate limit, in user space). It logs which
//! simulcast layer each received frame was, so that the run can tell how long the target took
//! to switch down after the impairment began and up after it ended, and how long the picture
//! froze; and the sequence number of each audio packet, so that it can tell how much audio the
//! impairment took and how much of that Opus in-band FEC cannot bring back. Bookkeeping only;
//! the impairment itself is the peer's queue (`rtc_peer.rs`).

use crate::scenario::Impairment;
use serde::Serialize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Milliseconds of sound in one audio packet (see `source.rs`).
const AUDIO_PACKET_MS: u64 = 20;

/// The adapting subscriber's shared state (its peer task writes, the run reads).
#[derive(Debug)]
pub struct Adaptation {
    impairment: Impairment,
    frame_interval: Duration,
    /// When the impairment begins and ends (set when measuring starts).
    window: Mutex<Option<(Instant, Instant)>>,
    /// Every video frame received: arrival and layer (0: the largest).
    frames: Mutex<Vec<(Instant, u8)>>,
    /// Every audio packet received: arrival and (extended) sequence number.
    audio: Mutex<Vec<(Instant, u64)>>,
}

/// What the subscriber saw.
#[derive(Clone, Debug, Serialize)]
pub struct AdaptationReport {
    /// From the impairment's start to the first frame of a smaller layer.
    pub down_switch_s: Option<f64>,
    /// From the impairment's end to the first frame of the largest layer.
    pub up_switch_s: Option<f64>,
    /// Freezes (frame gaps longer than three frame intervals, and than one plus 150 ms, as
    /// browsers count them) per minute of the measurement window.
    pub freeze_s_per_min: f64,
    /// Frames received in the window.
    pub frames: usize,
    /// Audio packets lost while the impairment lasted (percent).
    pub audio_loss_pct: f64,
    /// Of all audio packets of that time, those lost that Opus in-band FEC cannot restore (the
    /// next packet carries a copy of the one before it: every lost packet but the last of a
    /// run of losses is gone), in percent.
    pub audio_unrecoverable_pct: f64,
    /// The longest run of lost audio packets (ms of sound).
    pub audio_longest_loss_ms: u64,
    /// What happened, for reading a run: every change of the layer received and every freeze,
    /// in seconds from the start of the measurement window.
    pub timeline: Vec<Happening>,
}

/// One entry of the adapting subscriber's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Happening {
    /// From `at_s` on, frames came in `layer` (0: the largest).
    Layer { at_s: f64, layer: u8 },
    /// No frame came from `at_s` for `for_s` seconds.
    Freeze { at_s: f64, for_s: f64 },
}

impl Adaptation {
    /// A subscriber whose downlink gets `impairment`, receiving video at `fps`.
    pub fn new(impairment: Impairment, fps: u32) -> Adaptation {
        Adaptation {
            impairment,
            frame_interval: Duration::from_secs(1) / fps.max(1),
            window: Mutex::new(None),
            frames: Mutex::new(Vec::new()),
            audio: Mutex::new(Vec::new()),
        }
    }

    /// Impairs the downlink from `from` until `until`.
    pub fn schedule(&self, from: Instant, until: Instant) {
        *self.window.lock().expect("no panics while locked") = Some((from, until));
    }

    /// The impairment in force at `now`, if any.
    pub fn impairment_at(&self, now: Instant) -> Option<&Impairment> {
        let window = *self.window.lock().expect("no panics while locked");
        window
            .filter(|(from, until)| (*from..*until).contains(&now))
            .map(|_| &self.impairment)
    }

    /// A video frame of `layer` arrived at `now`.
    pub fn frame(&self, now: Instant, layer: u8) {
        self.frames
            .lock()
            .expect("no panics while locked")
            .push((now, layer));
    }

    /// Audio packet `seq` arrived at `now`.
    pub fn audio(&self, now: Instant, seq: u64) {
        self.audio
            .lock()
            .expect("no panics while locked")
            .push((now, seq));
    }

    /// The audio figures over `from..until`: loss, loss that FEC cannot restore (both in
    /// percent of the packets sent) and the longest run of losses (in packets).
    fn audio_loss(&self, from: Instant, until: Instant) -> (f64, f64, u64) {
        let mut seqs: Vec<u64> = self
            .audio
            .lock()
            .expect("no panics while locked")
            .iter()
            .filter(|(at, _)| (from..until).contains(at))
            .map(|(_, seq)| *seq)
            .collect();
        seqs.sort_unstable();
        seqs.dedup();
        let (Some(first), Some(last)) = (seqs.first(), seqs.last()) else {
            return (0.0, 0.0, 0);
        };
        let sent = last - first + 1;
        let runs = seqs.windows(2).map(|w| w[1] - w[0] - 1);
        let (mut lost, mut gone, mut longest) = (0, 0, 0);
        for run in runs {
            lost += run;
            gone += run.saturating_sub(1);
            longest = longest.max(run);
        }
        let pct = |n: u64| n as f64 * 100.0 / sent as f64;
        (pct(lost), pct(gone), longest)
    }

    /// The figures over the measurement window `start..end`.
    pub fn report(&self, start: Instant, end: Instant) -> AdaptationReport {
        let window = *self.window.lock().expect("no panics while locked");
        let frames = self.frames.lock().expect("no panics while locked");
        let frames: Vec<(Instant, u8)> = frames
            .iter()
            .copied()
            .filter(|(at, _)| (start..end).contains(at))
            .collect();
        let since = |t: Instant, wanted: &dyn Fn(u8) -> bool| {
            frames
                .iter()
                .find(|(at, layer)| *at >= t && wanted(*layer))
                .map(|(at, _)| at.duration_since(t).as_secs_f64())
        };
        let (down, up) = match window {
            Some((from, until)) => (since(from, &|l| l > 0), since(until, &|l| l == 0)),
            None => (None, None),
        };
        let threshold =
            (self.frame_interval * 3).max(self.frame_interval + Duration::from_millis(150));
        let since_start = |t: Instant| t.saturating_duration_since(start).as_secs_f64();
        let mut timeline = Vec::new();
        let mut frozen = Duration::ZERO;
        let mut layer = None;
        for (i, (at, l)) in frames.iter().enumerate() {
            if let Some((before, _)) = i.checked_sub(1).and_then(|j| frames.get(j)) {
                let gap = at.duration_since(*before);
                if gap > threshold {
                    frozen += gap;
                    timeline.push(Happening::Freeze {
                        at_s: since_start(*before),
                        for_s: gap.as_secs_f64(),
                    });
                }
            }
            if layer != Some(*l) {
                layer = Some(*l);
                timeline.push(Happening::Layer {
                    at_s: since_start(*at),
                    layer: *l,
                });
            }
        }
        let (from, until) = window.unwrap_or((start, end));
        let (audio_loss_pct, audio_unrecoverable_pct, longest) = self.audio_loss(from, until);
        let minutes = end.saturating_duration_since(start).as_secs_f64() / 60.0;
        AdaptationReport {
            down_switch_s: down,
            up_switch_s: up,
            freeze_s_per_min: if minutes > 0.0 {
                frozen.as_secs_f64() / minutes
            } else {
                0.0
            },
            frames: frames.len(),
            audio_loss_pct,
            audio_unrecoverable_pct,
            audio_longest_loss_ms: longest * AUDIO_PACKET_MS,
            timeline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Adaptation, Happening};
    use crate::scenario::Impairment;
    use std::time::{Duration, Instant};

    #[test]
    fn switch_times_and_freezes_are_measured_from_the_frames() {
        let a = Adaptation::new(Impairment::default(), 10);
        let t = Instant::now();
        let s = Duration::from_secs;
        a.schedule(t + s(2), t + s(5));
        assert!(a.impairment_at(t + s(1)).is_none());
        assert!(a.impairment_at(t + s(3)).is_some());
        let ms = Duration::from_millis;
        // Layer 0 until 2.6 s (with a 1 s hole from 1 s to 2 s), layer 2 until 5.8 s, then 0.
        let mut now = t;
        while now < t + s(8) {
            let layer = if now < t + ms(2600) || now >= t + ms(5800) {
                0
            } else {
                2
            };
            if !(t + s(1)..t + s(2)).contains(&now) {
                a.frame(now, layer);
            }
            now += ms(100);
        }
        let r = a.report(t, t + s(8));
        assert!((r.down_switch_s.unwrap() - 0.6).abs() < 1e-6);
        assert!((r.up_switch_s.unwrap() - 0.8).abs() < 1e-6);
        // One freeze of 1.1 s in 8 s of window.
        assert!((r.freeze_s_per_min - 1.1 * 60.0 / 8.0).abs() < 1e-6);
        assert_eq!(r.frames, 70);
        // In milliseconds: (what, when, layer or length).
        let ms = |s: f64| (s * 1000.0).round() as u64;
        let timeline: Vec<(&str, u64, u64)> = r
            .timeline
            .iter()
            .map(|h| match *h {
                Happening::Layer { at_s, layer } => ("layer", ms(at_s), u64::from(layer)),
                Happening::Freeze { at_s, for_s } => ("freeze", ms(at_s), ms(for_s)),
            })
            .collect();
        assert_eq!(
            timeline,
            vec![
                ("layer", 0, 0),
                ("freeze", 900, 1100),
                ("layer", 2600, 2),
                ("layer", 5800, 0)
            ]
        );
    }

    #[test]
    fn audio_losses_are_counted_with_what_fec_cannot_restore() {
        let a = Adaptation::new(Impairment::default(), 10);
        let t = Instant::now();
        let s = Duration::from_secs;
        a.schedule(t + s(1), t + s(2));
        // 50 packets in the impaired second: 10 lost, as one single loss, a run of two and a
        // run of seven; audio outside the window does not count.
        let lost = [5, 20, 21, 30, 31, 32, 33, 34, 35, 36];
        for seq in 0..50u64 {
            if !lost.contains(&seq) {
                a.audio(t + s(1) + Duration::from_millis(20 * seq), 1000 + seq);
            }
        }
        a.audio(t, 10);
        let r = a.report(t, t + s(3));
        assert!((r.audio_loss_pct - 20.0).abs() < 1e-9);
        // Gone: one of the run of two, six of the run of seven.
        assert!((r.audio_unrecoverable_pct - 14.0).abs() < 1e-9);
        assert_eq!(r.audio_longest_loss_ms, 140);
    }
}

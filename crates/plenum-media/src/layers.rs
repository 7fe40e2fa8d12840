//! The simulcast layers of one published video: each incoming SSRC (one per rid) with its
//! measured bitrate and, where its key frames tell it (VP8), its picture width; ranked from the
//! smallest to the largest (by width when every layer's is known, else by bitrate), and which one
//! a slot carries for the size it is shown at. Ranking by what really arrives needs no
//! convention for rid names and leaves out layers the publisher paused. A publisher without simulcast has one layer. Pure
//! bookkeeping over the times and sizes passed in; not the switch itself (see `session.rs`).

use std::time::{Duration, Instant};
use str0m::rtp::Ssrc;

/// How often the layers' bitrates are measured and ranked again.
pub(crate) const WINDOW: Duration = Duration::from_secs(1);

/// How large a subscriber shows a video.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Size {
    /// A tile of the gallery or the strip: the smallest layer.
    #[default]
    Small,
    /// The large picture (speaker view, lecture): the largest layer.
    Large,
}

#[derive(Debug)]
struct Layer {
    ssrc: Ssrc,
    /// Highest extended sequence number received (to notice loss).
    last_seq: u64,
    /// Bytes received in the current window.
    bytes: u64,
    /// Bytes per second in the last full window.
    rate: u64,
    /// The picture width its last key frame announced.
    width: Option<u16>,
}

/// The layers of one published video.
#[derive(Debug, Default)]
pub(crate) struct Layers {
    /// In order of first arrival.
    layers: Vec<Layer>,
    window_start: Option<Instant>,
    /// The layers that sent in the last window (all known ones before the first window ended),
    /// smallest first.
    ranked: Vec<Ssrc>,
}

impl Layers {
    /// Counts one received packet of `len` bytes on `ssrc` with extended sequence number `seq`
    /// (`width`: what it announces, if it begins a key frame); returns whether packets before it
    /// are missing.
    pub(crate) fn on_packet(
        &mut self,
        now: Instant,
        ssrc: Ssrc,
        seq: u64,
        len: usize,
        width: Option<u16>,
    ) -> bool {
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        let mut lost = false;
        match self.layers.iter_mut().find(|l| l.ssrc == ssrc) {
            Some(layer) => {
                layer.bytes += len;
                layer.width = width.or(layer.width);
                lost = seq > layer.last_seq + 1;
                layer.last_seq = layer.last_seq.max(seq);
            }
            None => {
                self.layers.push(Layer {
                    ssrc,
                    last_seq: seq,
                    bytes: len,
                    rate: 0,
                    width,
                });
                if self.layers.iter().all(|l| l.rate == 0) {
                    self.ranked.push(ssrc);
                }
            }
        }
        let start = *self.window_start.get_or_insert(now);
        let elapsed = now.saturating_duration_since(start);
        if elapsed >= WINDOW {
            let micros = u64::try_from(elapsed.as_micros())
                .unwrap_or(u64::MAX)
                .max(1);
            for layer in &mut self.layers {
                layer.rate = layer.bytes.saturating_mul(1_000_000) / micros;
                layer.bytes = 0;
            }
            let mut active: Vec<&Layer> = self.layers.iter().filter(|l| l.rate > 0).collect();
            if active.iter().all(|l| l.width.is_some()) {
                active.sort_by_key(|l| (l.width, l.rate));
            } else {
                active.sort_by_key(|l| l.rate);
            }
            self.ranked = active.into_iter().map(|l| l.ssrc).collect();
            self.window_start = Some(now);
        }
        lost
    }

    /// The layer a slot showing the video at `size` carries.
    pub(crate) fn choose(&self, size: Size) -> Option<Ssrc> {
        match size {
            Size::Small => self.ranked.first().copied(),
            Size::Large => self.ranked.last().copied(),
        }
    }

    /// Every layer's SSRC (for keyframe requests).
    pub(crate) fn ssrcs(&self) -> impl Iterator<Item = Ssrc> + '_ {
        self.layers.iter().map(|l| l.ssrc)
    }
}

#[cfg(test)]
mod tests {
    use super::{Layers, Size, WINDOW};
    use std::time::{Duration, Instant};
    use str0m::rtp::Ssrc;

    #[test]
    fn layers_are_ranked_by_what_arrives_and_paused_ones_drop_out() {
        let t = Instant::now();
        let mut l = Layers::default();
        let (big, mid, small) = (Ssrc::from(1), Ssrc::from(2), Ssrc::from(3));
        let mut seq = 0;
        for (ssrc, size) in [(big, 1000), (mid, 400), (small, 100)] {
            l.on_packet(t, ssrc, seq, size, None);
        }
        assert_eq!(
            l.choose(Size::Small),
            Some(big),
            "before a window: arrival order"
        );
        let step = Duration::from_millis(20);
        let mut now = t;
        while now < t + WINDOW + step {
            now += step;
            seq += 1;
            for (ssrc, size) in [(big, 1000), (mid, 400), (small, 100)] {
                assert!(
                    !l.on_packet(now, ssrc, seq, size, None),
                    "each layer numbers its own"
                );
            }
        }
        assert_eq!(l.choose(Size::Small), Some(small));
        assert_eq!(l.choose(Size::Large), Some(big));
        // The publisher pauses its largest layer: the middle one is the largest now.
        let later = now + WINDOW + step;
        while now < later {
            now += step;
            seq += 1;
            for (ssrc, size) in [(mid, 400), (small, 100)] {
                l.on_packet(now, ssrc, seq, size, None);
            }
        }
        assert_eq!(l.choose(Size::Large), Some(mid));
        assert_eq!(l.ssrcs().count(), 3);
        assert!(
            l.on_packet(now, small, seq + 2, 100, None),
            "a hole is a loss"
        );
    }

    #[test]
    fn widths_beat_bitrates() {
        // A starved large layer sends less than the small one; its key frames say what it is.
        let t = Instant::now();
        let mut l = Layers::default();
        let (big, small) = (Ssrc::from(1), Ssrc::from(2));
        let step = Duration::from_millis(20);
        let mut now = t;
        for seq in 0..60 {
            now += step;
            let key = seq % 25 == 0;
            l.on_packet(now, big, seq, 100, key.then_some(640));
            l.on_packet(now, small, seq, 300, key.then_some(320));
        }
        assert_eq!(l.choose(Size::Small), Some(small));
        assert_eq!(l.choose(Size::Large), Some(big));
    }

    #[test]
    fn one_layer_is_both_small_and_large() {
        let t = Instant::now();
        let mut l = Layers::default();
        l.on_packet(t, Ssrc::from(9), 1, 500, None);
        assert_eq!(l.choose(Size::Small), l.choose(Size::Large));
        assert_eq!(Layers::default().choose(Size::Large), None);
    }
}

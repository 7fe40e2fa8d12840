//! The simulcast layers of one published video: each incoming SSRC (one per rid) with its
//! measured bitrate and, where its key frames tell it (VP8), its picture width; ranked from the
//! smallest to the largest (by width when every layer's is known, else by bitrate), and which one
//! a slot carries for the size it is shown at. Ranking by what really arrives needs no
//! convention for rid names and leaves out layers the publisher paused. A publisher without simulcast has one layer. Pure
//! bookkeeping over the times and sizes passed in; not the switch itself (see `session.rs`).

use std::time::{Duration, Instant};
use str0m::media::Rid;
use str0m::rtp::Ssrc;

/// How often the layers' bitrates are measured and ranked again.
pub(crate) const WINDOW: Duration = Duration::from_secs(1);

/// How long nobody must need a layer before the publisher is asked to pause it (dynacast); a
/// needed layer is resumed at once.
pub(crate) const PAUSE_AFTER: Duration = Duration::from_secs(3);

/// How large a subscriber shows a video.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Size {
    /// A tile of the gallery or the strip: the smallest layer.
    #[default]
    Small,
    /// The large picture (speaker view, lecture): the largest layer.
    Large,
}

impl Size {
    /// The rank a slot of this size wants (clamped to the largest layer there is).
    pub(crate) fn top(self) -> usize {
        match self {
            Size::Small => 0,
            Size::Large => usize::MAX,
        }
    }
}

#[derive(Debug)]
struct Layer {
    ssrc: Ssrc,
    /// Its RTP stream id, by which the publisher pauses and resumes it.
    rid: Option<Rid>,
    /// Highest extended sequence number received (to notice loss).
    last_seq: u64,
    /// Bytes received in the current window.
    bytes: u64,
    /// Bytes per second in the last full window it sent in.
    rate: u64,
    /// The picture width its last key frame announced.
    width: Option<u16>,
    /// The publisher was asked to pause it.
    paused: bool,
    /// It was resumed in the current window, which therefore says nothing about its rate.
    resumed: bool,
    /// Since when nobody needs it.
    unneeded_since: Option<Instant>,
}

/// What a received packet told.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Packets before it are missing.
    pub(crate) lost: bool,
    /// A window ended: the layers were measured and ranked again.
    pub(crate) ranked: bool,
}

/// The layers of one published video.
#[derive(Debug, Default)]
pub(crate) struct Layers {
    /// In order of first arrival.
    layers: Vec<Layer>,
    window_start: Option<Instant>,
    /// The layers that sent in the last window or were paused on purpose (all known ones
    /// before the first window ended), smallest first.
    ranked: Vec<Ssrc>,
}

impl Layers {
    /// Counts one received packet of `len` bytes on `ssrc` with extended sequence number `seq`
    /// (`width`: what it announces, if it begins a key frame; `rid`: looks the layer's stream
    /// id up, called only for a layer not known yet).
    pub(crate) fn on_packet(
        &mut self,
        now: Instant,
        ssrc: Ssrc,
        seq: u64,
        len: usize,
        width: Option<u16>,
        rid: impl FnOnce() -> Option<Rid>,
    ) -> Seen {
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        let mut seen = Seen::default();
        match self.layers.iter_mut().find(|l| l.ssrc == ssrc) {
            Some(layer) => {
                layer.bytes += len;
                layer.width = width.or(layer.width);
                seen.lost = seq > layer.last_seq + 1;
                layer.last_seq = layer.last_seq.max(seq);
            }
            None => {
                self.layers.push(Layer {
                    ssrc,
                    rid: rid(),
                    last_seq: seq,
                    bytes: len,
                    rate: 0,
                    width,
                    paused: false,
                    resumed: false,
                    unneeded_since: None,
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
                // A layer paused on purpose keeps its place and the rate of its last window
                // before the pause (what trickles in after it says nothing), and so does one
                // resumed within this window (it sent for only part of it).
                if !layer.paused && !std::mem::take(&mut layer.resumed) {
                    layer.rate = layer.bytes.saturating_mul(1_000_000) / micros;
                }
                layer.bytes = 0;
            }
            let mut active: Vec<&Layer> = self.layers.iter().filter(|l| l.rate > 0).collect();
            if active.iter().all(|l| l.width.is_some()) {
                active.sort_by_key(|l| (l.width, l.rate));
            } else {
                active.sort_by_key(|l| l.rate);
            }
            self.ranked = active.into_iter().map(|l| l.ssrc).collect();
            tracing::debug!(
                layers = ?self
                    .layers
                    .iter()
                    .map(|l| (l.rid.as_ref().map(|r| r.to_string()), l.width, l.rate.saturating_mul(8), l.paused))
                    .collect::<Vec<_>>(),
                ranked = ?self.ranked,
                "layers ranked"
            );
            self.window_start = Some(now);
            seen.ranked = true;
        }
        seen
    }

    /// The layer of rank `rank` (0: the smallest), or the largest there is.
    pub(crate) fn at(&self, rank: usize) -> Option<Ssrc> {
        self.ranked
            .get(rank.min(self.ranked.len().saturating_sub(1)))
            .copied()
    }

    /// The bitrates (bit/s) of the ranked layers, smallest first.
    pub(crate) fn bitrates(&self) -> Vec<u64> {
        self.ranked
            .iter()
            .map(|ssrc| {
                self.layers
                    .iter()
                    .find(|l| l.ssrc == *ssrc)
                    .map_or(0, |l| l.rate.saturating_mul(8))
            })
            .collect()
    }

    /// Every layer's SSRC (for keyframe requests).
    pub(crate) fn ssrcs(&self) -> impl Iterator<Item = Ssrc> + '_ {
        self.layers.iter().map(|l| l.ssrc)
    }

    /// Dynacast: given the layers some subscriber receives or switches to (`needed`), pauses
    /// measured layers nobody needed for [`PAUSE_AFTER`] and resumes needed ones. Returns the
    /// stream ids of the layers that stay active when that changed (only for simulcast with
    /// stream ids).
    pub(crate) fn dynacast(&mut self, now: Instant, needed: &[Ssrc]) -> Option<Vec<Rid>> {
        if self.layers.len() < 2 || self.layers.iter().any(|l| l.rid.is_none()) {
            return None;
        }
        let mut changed = false;
        // The smallest layer is never paused: a browser's re-activated encoding may take long
        // to send a decodable key frame, and every slot that falls for bandwidth needs it.
        let smallest = self.ranked.first().copied();
        for layer in &mut self.layers {
            if needed.contains(&layer.ssrc) || Some(layer.ssrc) == smallest {
                layer.unneeded_since = None;
                if std::mem::replace(&mut layer.paused, false) {
                    layer.resumed = true;
                    changed = true;
                }
            } else {
                let since = *layer.unneeded_since.get_or_insert(now);
                // Only a measured layer: it keeps its place in the ranking while paused.
                if !layer.paused
                    && layer.rate > 0
                    && now.saturating_duration_since(since) >= PAUSE_AFTER
                {
                    layer.paused = true;
                    changed = true;
                }
            }
        }
        changed.then(|| {
            self.layers
                .iter()
                .filter(|l| !l.paused)
                .filter_map(|l| l.rid)
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Layers, PAUSE_AFTER, Size, WINDOW};
    use std::time::{Duration, Instant};
    use str0m::media::Rid;
    use str0m::rtp::Ssrc;

    #[test]
    fn layers_are_ranked_by_what_arrives_and_paused_ones_drop_out() {
        let t = Instant::now();
        let mut l = Layers::default();
        let (big, mid, small) = (Ssrc::from(1), Ssrc::from(2), Ssrc::from(3));
        let mut seq = 0;
        for (ssrc, size) in [(big, 1000), (mid, 400), (small, 100)] {
            l.on_packet(t, ssrc, seq, size, None, || None);
        }
        assert_eq!(
            l.at(Size::Small.top()),
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
                    !l.on_packet(now, ssrc, seq, size, None, || None).lost,
                    "each layer numbers its own"
                );
            }
        }
        assert_eq!(l.at(Size::Small.top()), Some(small));
        assert_eq!(l.at(Size::Large.top()), Some(big));
        // The publisher pauses its largest layer: the middle one is the largest now.
        let later = now + WINDOW + step;
        while now < later {
            now += step;
            seq += 1;
            for (ssrc, size) in [(mid, 400), (small, 100)] {
                l.on_packet(now, ssrc, seq, size, None, || None);
            }
        }
        assert_eq!(l.at(Size::Large.top()), Some(mid));
        assert_eq!(l.ssrcs().count(), 3);
        assert!(
            l.on_packet(now, small, seq + 2, 100, None, || None).lost,
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
            l.on_packet(now, big, seq, 100, key.then_some(640), || None);
            l.on_packet(now, small, seq, 300, key.then_some(320), || None);
        }
        assert_eq!(l.at(Size::Small.top()), Some(small));
        assert_eq!(l.at(Size::Large.top()), Some(big));
    }

    #[test]
    fn one_layer_is_both_small_and_large() {
        let t = Instant::now();
        let mut l = Layers::default();
        l.on_packet(t, Ssrc::from(9), 1, 500, None, || None);
        assert_eq!(l.at(Size::Small.top()), l.at(Size::Large.top()));
        assert_eq!(Layers::default().at(Size::Large.top()), None);
    }

    #[test]
    fn unneeded_layers_pause_after_a_while_keep_their_rank_and_resume_at_once() {
        let t = Instant::now();
        let mut l = Layers::default();
        let (big, small) = (Ssrc::from(1), Ssrc::from(2));
        let step = Duration::from_millis(20);
        let mut now = t;
        let mut seq = 0;
        let send = |l: &mut Layers, now: Instant, seq: u64, big_too: bool| {
            l.on_packet(now, small, seq, 200, None, || Some(Rid::from("q")));
            if big_too {
                l.on_packet(now, big, seq, 1000, None, || Some(Rid::from("f")));
            }
        };
        while now < t + WINDOW + step {
            now += step;
            seq += 1;
            send(&mut l, now, seq, true);
        }
        assert_eq!(l.bitrates().len(), 2);
        assert_eq!(l.dynacast(now, &[small]), None, "not unneeded long enough");
        assert_eq!(l.dynacast(now + PAUSE_AFTER, &[big, small]), None);
        let later = now + Duration::from_secs(1);
        assert_eq!(
            l.dynacast(later, &[small]),
            None,
            "needed again: starts over"
        );
        let paused = l.dynacast(later + PAUSE_AFTER, &[small]);
        assert_eq!(paused, Some(vec![Rid::from("q")]));
        // The paused layer sends nothing for a while and keeps its place at the top.
        now = later + PAUSE_AFTER;
        while now < later + PAUSE_AFTER + 2 * WINDOW {
            now += step;
            seq += 1;
            send(&mut l, now, seq, false);
        }
        assert_eq!(l.at(Size::Large.top()), Some(big));
        assert_eq!(l.at(Size::Small.top()), Some(small));
        // Needed again late in a window: the little it sends there does not move it below the
        // small layer.
        let begun = loop {
            now += step;
            seq += 1;
            if l.on_packet(now, small, seq, 200, None, || None).ranked {
                break now;
            }
        };
        let late = begun + WINDOW - 3 * step;
        while now < late {
            now += step;
            seq += 1;
            send(&mut l, now, seq, false);
        }
        let resumed = l.dynacast(now, &[big]);
        assert_eq!(resumed, Some(vec![Rid::from("q"), Rid::from("f")]));
        loop {
            now += step;
            seq += 1;
            if l.on_packet(now, small, seq, 200, None, || None).ranked {
                break;
            }
            l.on_packet(now, big, seq, 1000, None, || None);
        }
        assert_eq!(l.at(Size::Large.top()), Some(big));
        assert_eq!(l.at(Size::Small.top()), Some(small));
    }
}

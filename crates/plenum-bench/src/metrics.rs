//! Counters shared by all synthetic subscribers, with a measurement window.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// What all subscribers have seen.
#[derive(Debug, Default)]
pub struct Metrics {
    measuring: AtomicBool,
    /// RTP packets received by subscribers (forwarded by the target).
    pub packets: AtomicU64,
    /// Bytes of those packets.
    pub bytes: AtomicU64,
    /// Packets the sequence numbers say should have arrived.
    pub expected: AtomicU64,
    latencies_us: Mutex<Vec<u64>>,
    join_to_first_ms: Mutex<Vec<f64>>,
    /// Signaling messages participants received from the target.
    pub signaling_messages: AtomicU64,
    /// Their bytes.
    pub signaling_bytes: AtomicU64,
    /// SDP offers participants received from the target.
    pub offers: AtomicU64,
    /// Size of the last SDP each participant received (its session's description at the end).
    final_sdp_bytes: Mutex<Vec<u64>>,
}

/// A copy of the counters at one moment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Snapshot {
    /// See [`Metrics::packets`].
    pub packets: u64,
    /// See [`Metrics::bytes`].
    pub bytes: u64,
    /// See [`Metrics::expected`].
    pub expected: u64,
    /// See [`Metrics::signaling_messages`].
    pub signaling_messages: u64,
    /// See [`Metrics::signaling_bytes`].
    pub signaling_bytes: u64,
    /// See [`Metrics::offers`].
    pub offers: u64,
}

impl Metrics {
    /// Starts or stops collecting latency samples.
    pub fn set_measuring(&self, on: bool) {
        self.measuring.store(on, Ordering::Relaxed);
    }

    /// Counts one received RTP packet.
    pub fn packet(&self, bytes: usize) {
        self.packets.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// Counts packets the sequence numbers announced.
    pub fn expect(&self, n: u64) {
        self.expected.fetch_add(n, Ordering::Relaxed);
    }

    /// Records a publisher-to-subscriber latency (only inside the measurement window).
    pub fn latency_us(&self, us: u64) {
        if self.measuring.load(Ordering::Relaxed) {
            self.lock_latencies().push(us);
        }
    }

    /// Counts one signaling message of `bytes` received from the target.
    pub fn signaling(&self, bytes: usize) {
        self.signaling_messages.fetch_add(1, Ordering::Relaxed);
        self.signaling_bytes
            .fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// Counts an SDP offer received from the target.
    pub fn offer(&self) {
        self.offers.fetch_add(1, Ordering::Relaxed);
    }

    /// Records the size of the last SDP a participant received.
    pub fn final_sdp(&self, bytes: usize) {
        self.final_sdp_bytes
            .lock()
            .expect("metrics lock is never poisoned: no panics while held")
            .push(bytes as u64);
    }

    /// Final SDP sizes in bytes (p50, max), if any participant received one.
    pub fn final_sdp_percentiles(&self) -> Option<(u64, u64)> {
        let mut v = self
            .final_sdp_bytes
            .lock()
            .expect("metrics lock is never poisoned: no panics while held")
            .clone();
        percentiles(&mut v, 0.50, 1.0)
    }

    /// Records the time from starting to join until the first media packet.
    pub fn join_to_first_packet_ms(&self, ms: f64) {
        self.join_to_first_ms
            .lock()
            .expect("metrics lock is never poisoned: no panics while held")
            .push(ms);
    }

    fn lock_latencies(&self) -> std::sync::MutexGuard<'_, Vec<u64>> {
        self.latencies_us
            .lock()
            .expect("metrics lock is never poisoned: no panics while held")
    }

    /// The counters now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            packets: self.packets.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            expected: self.expected.load(Ordering::Relaxed),
            signaling_messages: self.signaling_messages.load(Ordering::Relaxed),
            signaling_bytes: self.signaling_bytes.load(Ordering::Relaxed),
            offers: self.offers.load(Ordering::Relaxed),
        }
    }

    /// Latency percentiles in milliseconds (p50, p99), if any samples.
    pub fn latency_percentiles_ms(&self) -> Option<(f64, f64)> {
        let mut v = self.lock_latencies().clone();
        percentiles(&mut v, 0.50, 0.99).map(|(a, b)| (a as f64 / 1000.0, b as f64 / 1000.0))
    }

    /// Join-to-first-packet percentiles in milliseconds (p50, p95) and the number of samples.
    pub fn join_percentiles_ms(&self) -> (Option<(f64, f64)>, usize) {
        let v = self
            .join_to_first_ms
            .lock()
            .expect("metrics lock is never poisoned: no panics while held")
            .clone();
        let mut micros: Vec<u64> = v.iter().map(|ms| (ms * 1000.0) as u64).collect();
        let n = micros.len();
        (
            percentiles(&mut micros, 0.50, 0.95)
                .map(|(a, b)| (a as f64 / 1000.0, b as f64 / 1000.0)),
            n,
        )
    }
}

/// Two percentiles (nearest rank) of `v`.
pub fn percentiles(v: &mut [u64], p: f64, q: f64) -> Option<(u64, u64)> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let at = |f: f64| v[((f * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    Some((at(p), at(q)))
}

/// Tracks one RTP stream's sequence numbers to count expected packets (RFC 3550 style).
#[derive(Debug, Default)]
pub struct SeqTracker {
    highest: Option<u64>,
}

impl SeqTracker {
    /// Feeds a 16-bit sequence number; returns how many more packets are now expected.
    pub fn on_seq(&mut self, seq: u16) -> u64 {
        let Some(highest) = self.highest else {
            self.highest = Some(u64::from(seq));
            return 1;
        };
        // Extend to 64 bits relative to the highest seen.
        let cycle = highest & !0xffff;
        let mut ext = cycle | u64::from(seq);
        if ext + 0x8000 < highest {
            ext += 0x1_0000;
        } else if ext > highest + 0x8000 && ext >= 0x1_0000 {
            ext -= 0x1_0000;
        }
        if ext > highest {
            self.highest = Some(ext);
            ext - highest
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seq_tracker_counts_gaps_and_wraps() {
        let mut t = SeqTracker::default();
        assert_eq!(t.on_seq(65534), 1);
        assert_eq!(t.on_seq(65535), 1);
        assert_eq!(t.on_seq(1), 2, "wrapped past 0, one lost");
        assert_eq!(t.on_seq(0), 0, "late packet adds nothing");
        assert_eq!(t.on_seq(5), 4);
    }

    #[test]
    fn percentiles_nearest_rank() {
        let mut v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentiles(&mut v, 0.5, 0.99), Some((50, 99)));
        assert_eq!(percentiles(&mut [], 0.5, 0.9), None);
    }
}

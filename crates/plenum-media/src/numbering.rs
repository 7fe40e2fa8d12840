//! The numbering of one outgoing stream: maps each source's RTP sequence numbers and times onto
//! the stream a subscriber receives, so that it stays one continuous stream while its source
//! changes (a receive slot given to another speaker, a publisher's restart with a new SSRC) and
//! shows no loss where the SFU paused it on purpose (muted, unsubscribed, another breakout room).
//! Pure arithmetic over what the caller passes in; not the RTP writer.

use std::time::{Duration, Instant};
use str0m::rtp::Ssrc;

/// Maps sources' numbering onto one outgoing stream. After a pause the sequence numbers go on
/// where they stopped while the RTP time keeps the real gap; after a change of source both go
/// on from the last packet sent, the time advanced by the wall-clock time that passed.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    source: Option<Ssrc>,
    /// The SFU stopped forwarding on purpose; the next packet continues the numbering.
    paused: bool,
    seq_offset: i128,
    ts_offset: u32,
    last_seq: Option<u64>,
    last_ts: Option<u32>,
    /// When the last packet went out (to advance the time across a change of source).
    last_sent: Option<Instant>,
}

/// One incoming packet as the numbering sees it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Incoming {
    pub(crate) source: Ssrc,
    /// Extended sequence number.
    pub(crate) seq: u64,
    pub(crate) time: u32,
    /// RTP ticks per second.
    pub(crate) clock_rate: u32,
    /// RTP ticks of one frame: the least a new source's time moves on.
    pub(crate) frame_ticks: u32,
    pub(crate) arrived: Instant,
}

fn ticks(elapsed: Duration, clock_rate: u32) -> u32 {
    let ticks = elapsed.as_micros() * u128::from(clock_rate) / 1_000_000;
    u32::try_from(ticks).unwrap_or(u32::MAX)
}

impl Numbering {
    /// The SFU stops forwarding to this stream for a while.
    pub(crate) fn pause(&mut self) {
        self.paused = true;
    }

    /// The outgoing extended sequence number and RTP time for an incoming packet.
    pub(crate) fn map(&mut self, p: Incoming) -> (u64, u32) {
        if self.source != Some(p.source) {
            // A new source continues right after what the subscriber has seen; the very first
            // starts with a rollover counter of 0, which the subscriber assumes.
            let next_seq = self.last_seq.map_or(p.seq & 0xffff, |l| l + 1);
            self.seq_offset = i128::from(next_seq) - i128::from(p.seq);
            let next_time = match (self.last_ts, self.last_sent) {
                (Some(ts), Some(sent)) => {
                    let gap = ticks(p.arrived.saturating_duration_since(sent), p.clock_rate);
                    ts.wrapping_add(gap.max(p.frame_ticks))
                }
                _ => p.time,
            };
            self.ts_offset = next_time.wrapping_sub(p.time);
            self.source = Some(p.source);
        } else if self.paused
            && let Some(last) = self.last_seq
        {
            self.seq_offset = i128::from(last + 1) - i128::from(p.seq);
        }
        self.paused = false;
        let out_seq = u64::try_from(i128::from(p.seq) + self.seq_offset).unwrap_or_default();
        let out_time = p.time.wrapping_add(self.ts_offset);
        self.last_seq = Some(self.last_seq.map_or(out_seq, |l| l.max(out_seq)));
        self.last_ts = Some(out_time);
        self.last_sent = Some(p.arrived);
        (out_seq, out_time)
    }
}

#[cfg(test)]
mod tests {
    use super::{Incoming, Numbering};
    use std::time::{Duration, Instant};
    use str0m::rtp::Ssrc;

    fn packet(source: u32, seq: u64, time: u32, arrived: Instant) -> Incoming {
        Incoming {
            source: Ssrc::from(source),
            seq,
            time,
            clock_rate: 48_000,
            frame_ticks: 960,
            arrived,
        }
    }

    #[test]
    fn a_pause_leaves_no_hole_but_a_loss_stays_one() {
        let t = Instant::now();
        let mut n = Numbering::default();
        let mapped: Vec<u64> = (100..105).map(|s| n.map(packet(7, s, 0, t)).0).collect();
        assert_eq!(mapped, [100, 101, 102, 103, 104]);
        // A real loss (105–108 never arrived): the receiver must see it to ask again.
        assert_eq!(n.map(packet(7, 109, 0, t)).0, 109);
        // The SFU paused the stream while 110–199 went by: no hole.
        n.pause();
        let (seq, time) = n.map(packet(7, 200, 96_000, t));
        assert_eq!(seq, 110);
        assert_eq!(time, 96_000, "the RTP time keeps the real gap");
        assert_eq!(n.map(packet(7, 201, 96_960, t)).0, 111);
    }

    #[test]
    fn a_new_source_continues_the_numbering_and_the_time() {
        let t = Instant::now();
        let mut n = Numbering::default();
        assert_eq!(n.map(packet(1, 5000, 10_000, t)), (5000, 10_000));
        assert_eq!(n.map(packet(1, 5001, 10_960, t)), (5001, 10_960));
        // Another speaker takes the slot 100 ms later, with numbers of its own.
        let later = t + Duration::from_millis(100);
        assert_eq!(n.map(packet(2, 40, 777, later)), (5002, 10_960 + 4_800));
        assert_eq!(
            n.map(packet(2, 41, 1_737, later)),
            (5003, 10_960 + 4_800 + 960)
        );
        // Back to the first at once: the time moves on by at least one frame.
        let (seq, time) = n.map(packet(1, 5100, 90_000, later));
        assert_eq!(seq, 5004);
        assert_eq!(time, 10_960 + 4_800 + 960 + 960);
    }
}

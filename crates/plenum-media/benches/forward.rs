//! Micro-benchmark of the forwarding path: one publisher's SRTP datagrams go into
//! [`plenum_media::Sfu::handle_receive`] and come out as encrypted datagrams for every
//! subscriber (`poll_output`). No sockets: this is the SFU's own cost per forwarded packet
//! (demultiplexing, SRTP, rewriting, str0m's send path), the part a change of the hot path moves.
//! The load generator (`plenum-bench`) measures the whole node with the kernel's part.
//!
//! Run: `cargo bench -p plenum-media` (figures in BENCHMARKS.md, *Micro-benchmark*). Each
//! sample builds a fresh room (a few hundred milliseconds of handshakes, not measured).
//!
//! Two arrival patterns: *burst* hands the SFU everything a publisher sent in one 20 ms tick at
//! the same instant (one wake-up of each subscriber then serves the whole tick), *spread* spaces
//! those packets evenly over the tick as a publisher's pacer and the network do, so that every
//! packet costs each subscriber its own wake-up, as on a node.

#[path = "../tests/net/mod.rs"]
mod net;

use divan::Bencher;
use divan::counter::ItemsCount;
use net::Net;
use plenum_media::{Sfu, SfuOutput};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

fn main() {
    divan::main();
}

/// A room with one publisher `p` and `subscribers` others watching it (publishing too when
/// `everyone_publishes`), every session connected and negotiated, and five seconds of `p`'s media
/// captured but not yet delivered.
struct Fixture {
    net: Net,
    source: SocketAddr,
    /// What `p` sent, and when.
    datagrams: Vec<(Instant, Vec<u8>)>,
    /// How many of the datagrams are RTP (the rest is RTCP, which is not forwarded).
    rtp: usize,
}

impl Fixture {
    fn new(subscribers: u16, everyone_publishes: bool, arrival: Arrival) -> Fixture {
        let mut net = Net::new();
        net.join("p", 6000);
        for i in 1..=subscribers {
            net.join(&format!("s{i}"), 6000 + i);
        }
        net.connect();
        for i in 1..=subscribers {
            net.subscribe(&format!("s{i}"), &["p"], &[]);
        }
        net.send_media_from((!everyone_publishes).then_some(&["p"][..]), 10, -20);
        let (source, mut datagrams) = net.capture("p", 250);
        if arrival == Arrival::Spread {
            spread(&mut datagrams);
        }
        // RTP, not RTCP: the second byte's payload type is outside 64..=95 (RFC 5761).
        let rtp = datagrams
            .iter()
            .filter(|(_, d)| d.len() > 12 && !(64..=95).contains(&(d[1] & 0x7f)))
            .count();
        assert!(rtp >= 500, "five seconds of media were captured");
        Fixture {
            net,
            source,
            datagrams,
            rtp,
        }
    }

    /// Feeds every captured datagram to the SFU and drains what it sends, firing its timers
    /// as the node's loop does, then lets its last timers fire (what was written last goes out
    /// at its next wake-up, within its timer granularity); returns the number of datagrams it
    /// sent.
    fn forward(&mut self) -> usize {
        let sfu = &mut self.net.sfu;
        let mut sent = 0;
        for (now, d) in &self.datagrams {
            sfu.handle_receive(*now, self.source, d);
            sent += run_timers_and_send(sfu, *now);
        }
        if let Some((last, _)) = self.datagrams.last() {
            sent += run_timers_and_send(sfu, *last + Duration::from_millis(5));
        }
        sent
    }
}

/// When the captured datagrams reach the SFU.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arrival {
    /// Everything of a tick at the tick's instant.
    Burst,
    /// Evenly spaced over the tick.
    Spread,
}

/// Spaces the datagrams sent at the same instant evenly over the 20 ms that follow it.
fn spread(datagrams: &mut [(Instant, Vec<u8>)]) {
    for tick in datagrams.chunk_by_mut(|a, b| a.0 == b.0) {
        let step = Duration::from_millis(20) / u32::try_from(tick.len()).expect("a tick is small");
        for (k, (at, _)) in tick.iter_mut().enumerate() {
            *at += step * u32::try_from(k).expect("a tick is small");
        }
    }
}

/// Fires the SFU's timers due by `now` and drains its output; returns the datagrams sent.
fn run_timers_and_send(sfu: &mut Sfu, now: Instant) -> usize {
    while sfu.poll_timeout().is_some_and(|t| t <= now) {
        sfu.handle_timeout(now);
    }
    let mut sent = 0;
    while let Some(out) = sfu.poll_output() {
        if let SfuOutput::Transmit { contents, .. } = out {
            sent += 1;
            divan::black_box(contents);
        }
    }
    sent
}

/// A lecture: one speaker, `subscribers` listeners who only receive; a tick's packets at once.
#[divan::bench(args = [60], sample_count = 30, sample_size = 1)]
fn lecture(bencher: Bencher, subscribers: u16) {
    run(bencher, subscribers, false, Arrival::Burst);
}

/// A meeting: everyone publishes audio and video; one publisher's packets are measured.
#[divan::bench(args = [8], sample_count = 30, sample_size = 1)]
fn meeting(bencher: Bencher, subscribers: u16) {
    run(bencher, subscribers, true, Arrival::Burst);
}

/// The lecture with the speaker's packets spread over each tick.
#[divan::bench(args = [60], sample_count = 30, sample_size = 1)]
fn lecture_spread(bencher: Bencher, subscribers: u16) {
    run(bencher, subscribers, false, Arrival::Spread);
}

/// The meeting with the measured publisher's packets spread over each tick.
#[divan::bench(args = [8], sample_count = 30, sample_size = 1)]
fn meeting_spread(bencher: Bencher, subscribers: u16) {
    run(bencher, subscribers, true, Arrival::Spread);
}

/// Forwarded packets per second (the counter), each sample a fresh room.
fn run(bencher: Bencher, subscribers: u16, everyone_publishes: bool, arrival: Arrival) {
    bencher
        .with_inputs(|| Fixture::new(subscribers, everyone_publishes, arrival))
        .input_counter(move |f| ItemsCount::new(f.rtp * usize::from(subscribers)))
        .bench_local_values(|mut f| {
            let sent = f.forward();
            let expected = f.rtp * usize::from(subscribers);
            assert!(
                sent >= expected,
                "every subscriber got every packet: {sent} of {expected}"
            );
            f
        });
}

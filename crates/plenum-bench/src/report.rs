//! The benchmark report: JSON for machines, a table for people.

use crate::adaptation::{AdaptationReport, Happening};
use serde::Serialize;
use std::fmt;

/// Two percentiles.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// High percentile (p95 for joins, p99 for latency).
    pub high: f64,
}

/// Everything measured in one run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// `plenum`, `janus` or `null`.
    pub target: String,
    /// Scenario name.
    pub scenario: String,
    /// Rooms.
    pub rooms: usize,
    /// Participants in all rooms.
    pub participants: usize,
    /// Publishers per room.
    pub publishers_per_room: usize,
    /// Participants whose media session came up.
    pub joined: usize,
    /// Participants that failed (signaling or media errors).
    pub failed: usize,
    /// Length of the measurement window.
    pub window_s: f64,
    /// Packets the subscribers received in the window (what the target forwarded).
    pub forwarded_packets: u64,
    /// Per second.
    pub forwarded_pps: f64,
    /// Megabits per second received by all subscribers.
    pub forwarded_mbps: f64,
    /// Packets lost on the way, as a percentage of those the sequence numbers announced.
    pub loss_pct: f64,
    /// CPU of the target in the window, in cores (1.0 = one core busy).
    pub target_cpu_cores: Option<f64>,
    /// Target CPU time per forwarded packet, in microseconds.
    pub target_cpu_us_per_packet: Option<f64>,
    /// Forwarded packets per second of target CPU time: packets/s one core sustains.
    pub packets_per_core_second: Option<f64>,
    /// Target resident memory at the end of the window, MiB.
    pub target_rss_mib: Option<f64>,
    /// Growth of the target's resident memory from before the first join, per participant.
    pub rss_per_participant_kib: Option<f64>,
    /// Time from starting to join to the first media packet, ms (p50, p95).
    pub join_to_first_packet_ms: Option<Percentiles>,
    /// Publisher-to-subscriber latency of probes, ms (p50, p99).
    pub latency_ms: Option<Percentiles>,
    /// What the joins cost in signaling, counted at every participant until the last one's
    /// media was up, divided by the joins (Plenum only; heartbeats not counted).
    pub signaling_per_join: Option<SignalingPerJoin>,
    /// Size of the last SDP each participant received, bytes (p50, max).
    pub final_sdp_bytes: Option<Percentiles>,
    /// The bad-network measurement, if the scenario has one.
    pub adaptation: Option<AdaptationReport>,
    /// CPU of the load generator in the window, in cores.
    pub generator_cpu_cores: f64,
    /// Cores the generator may use (its CPU affinity).
    pub generator_cores_available: f64,
    /// Whether the run measured the target, not the generator's limits.
    pub valid: bool,
    /// Why not, if not.
    pub invalid_reason: Option<String>,
}

/// Signaling received by everyone, per join.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SignalingPerJoin {
    /// Messages.
    pub messages: f64,
    /// KiB.
    pub kib: f64,
    /// SDP offers (renegotiations).
    pub offers: f64,
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.digits$}"))
}

fn pair(p: Option<Percentiles>) -> String {
    p.map_or_else(|| "–".into(), |p| format!("{:.1} / {:.1}", p.p50, p.high))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: [(&str, String); 22] = [
            ("target", self.target.clone()),
            (
                "scenario",
                format!(
                    "{} ({} rooms × {} participants, {} publishing)",
                    self.scenario,
                    self.rooms,
                    self.participants / self.rooms.max(1),
                    self.publishers_per_room
                ),
            ),
            (
                "joined / failed",
                format!("{} / {}", self.joined, self.failed),
            ),
            ("window", format!("{:.1} s", self.window_s)),
            ("forwarded packets/s", format!("{:.0}", self.forwarded_pps)),
            ("forwarded Mbit/s", format!("{:.1}", self.forwarded_mbps)),
            ("loss", format!("{:.3} %", self.loss_pct)),
            ("target CPU (cores)", opt(self.target_cpu_cores, 2)),
            (
                "target CPU per packet (µs)",
                opt(self.target_cpu_us_per_packet, 2),
            ),
            ("packets/s per core", opt(self.packets_per_core_second, 0)),
            ("target RSS (MiB)", opt(self.target_rss_mib, 1)),
            (
                "RSS per participant (KiB)",
                opt(self.rss_per_participant_kib, 0),
            ),
            (
                "join → first packet p50/p95 (ms)",
                pair(self.join_to_first_packet_ms),
            ),
            ("latency p50/p99 (ms)", pair(self.latency_ms)),
            (
                "signaling per join (msgs, KiB, offers)",
                self.signaling_per_join.map_or_else(
                    || "–".into(),
                    |s| format!("{:.1}, {:.1}, {:.2}", s.messages, s.kib, s.offers),
                ),
            ),
            (
                "final SDP p50/max (bytes)",
                self.final_sdp_bytes
                    .map_or_else(|| "–".into(), |p| format!("{:.0} / {:.0}", p.p50, p.high)),
            ),
            (
                "down / up-switch (s), freeze (s/min)",
                self.adaptation.as_ref().map_or_else(
                    || "–".into(),
                    |a| {
                        format!(
                            "{} / {}, {:.2} ({} frames)",
                            opt(a.down_switch_s, 2),
                            opt(a.up_switch_s, 2),
                            a.freeze_s_per_min,
                            a.frames
                        )
                    },
                ),
            ),
            (
                "audio lost / not restorable by FEC, longest loss",
                self.adaptation.as_ref().map_or_else(
                    || "–".into(),
                    |a| {
                        format!(
                            "{:.2} % / {:.2} %, {} ms",
                            a.audio_loss_pct, a.audio_unrecoverable_pct, a.audio_longest_loss_ms
                        )
                    },
                ),
            ),
            (
                "layers and freezes (s into the window)",
                self.adaptation.as_ref().map_or_else(
                    || "–".into(),
                    |a| {
                        a.timeline
                            .iter()
                            .map(|h| match h {
                                Happening::Layer { at_s, layer } => {
                                    format!("{at_s:.1}: layer {layer}")
                                }
                                Happening::Freeze { at_s, for_s } => {
                                    format!("{at_s:.1}: frozen {for_s:.1} s")
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                ),
            ),
            (
                "generator CPU (cores)",
                format!(
                    "{:.2} of {:.0}",
                    self.generator_cpu_cores, self.generator_cores_available
                ),
            ),
            (
                "valid",
                if self.valid {
                    "yes".into()
                } else {
                    "NO".into()
                },
            ),
            (
                "why invalid",
                self.invalid_reason.clone().unwrap_or_else(|| "–".into()),
            ),
        ];
        for (k, v) in rows {
            writeln!(f, "{k:<34} {v}")?;
        }
        Ok(())
    }
}

//! One benchmark run: join everyone, warm up, measure a window, leave, report.

use crate::adaptation::Adaptation;
use crate::metrics::Metrics;
use crate::process::Process;
use crate::report::{Percentiles, Report, SignalingPerJoin};
use crate::rtc_peer::{PeerConfig, Publish};
use crate::scenario::Scenario;
use crate::target::janus::{Feeds, Janus};
use crate::target::null;
use crate::target::plenum::{Plenum, View};
use anyhow::Result;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// The system under test.
#[derive(Clone, Debug)]
pub enum Target {
    /// Plenum at this base URL.
    Plenum(String),
    /// Janus's HTTP API at this URL (`http://127.0.0.1:8088/janus`).
    Janus(String),
    /// The null forwarder at this UDP address.
    Null(SocketAddr),
}

impl Target {
    fn name(&self) -> &'static str {
        match self {
            Target::Plenum(_) => "plenum",
            Target::Janus(_) => "janus",
            Target::Null(_) => "null",
        }
    }
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// What to measure.
    pub target: Target,
    /// The target's process, for CPU and memory.
    pub target_pid: Option<u32>,
    /// Local address of the synthetic peers.
    pub bind_ip: IpAddr,
}

/// The generator counts as saturated above this share of its cores.
const GENERATOR_LIMIT: f64 = 0.85;

fn cores_available() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
                .map(|list| {
                    list.trim()
                        .split(',')
                        .map(|part| match part.split_once('-') {
                            Some((a, b)) => {
                                b.parse::<usize>().unwrap_or(0) + 1
                                    - a.parse::<usize>().unwrap_or(0)
                            }
                            None => 1,
                        })
                        .sum::<usize>() as f64
                })
        })
        .unwrap_or(1.0)
}

/// Runs `scenario` against the target.
pub async fn run(scenario: &Scenario, options: &RunOptions) -> Result<Report> {
    let epoch = Instant::now();
    let metrics = Arc::new(Metrics::default());
    let stop = CancellationToken::new();
    let crypto = Arc::new(str0m::crypto::from_feature_flags());
    let target_proc = options.target_pid.map(|p| Process::new(Some(p)));
    let generator = Process::new(None);
    let rss_before = target_proc.as_ref().map(|p| p.usage().rss_kib);

    let rooms: Vec<String> = match &options.target {
        Target::Plenum(url) => {
            let plenum = Plenum::new(url);
            let mut rooms = Vec::new();
            for _ in 0..scenario.rooms {
                rooms.push(plenum.create_room().await?);
            }
            rooms
        }
        Target::Janus(url) => {
            let janus = Janus::new(url);
            let base = u64::from(std::process::id()) * 1000;
            let mut rooms = Vec::new();
            for r in 0..scenario.rooms {
                rooms.push(
                    janus
                        .create_room(base + r as u64, scenario.publishers)
                        .await?
                        .to_string(),
                );
            }
            rooms
        }
        Target::Null(_) => (0..scenario.rooms).map(|r| r.to_string()).collect(),
    };
    let feeds: Vec<Feeds> = (0..scenario.rooms)
        .map(|_| Feeds::new(Default::default()))
        .collect();

    let adaptation = scenario.adaptation.as_ref().map(|phase| {
        let fps = scenario.video.as_ref().map_or(1, |v| v.fps);
        Arc::new(Adaptation::new(phase.impairment.clone(), fps))
    });
    let total = scenario.total_participants();
    let mut tasks = JoinSet::new();
    let mut ready = Vec::new();
    let join_start = Instant::now();
    for i in 0..total {
        let (room_index, index) = (i / scenario.participants, i % scenario.participants);
        let publishes = index < scenario.publishers;
        let config = PeerConfig {
            publish: publishes.then(|| Publish {
                audio: (index < scenario.audio_publishers()).then(|| scenario.audio.clone()),
                video: scenario.video.clone(),
                phase: Duration::from_secs_f64(
                    (scenario.audio.talk_on_s + scenario.audio.talk_off_s) * index as f64
                        / scenario.audio_publishers().max(1) as f64,
                ),
            }),
            probe: index < scenario.probes_per_room,
            offer_first: true,
            join_started: Instant::now(),
            epoch,
            impairment: scenario.impairment.clone(),
            bind_ip: options.bind_ip,
            adaptation: adaptation
                .clone()
                .filter(|_| room_index == 0 && index + 1 == scenario.participants),
        };
        if scenario.join_within_s > 0.0 {
            let at = join_start
                + Duration::from_secs_f64(scenario.join_within_s * i as f64 / total as f64);
            tokio::time::sleep_until(at.into()).await;
        }
        let config = PeerConfig {
            join_started: Instant::now(),
            ..config
        };
        let (tx, rx) = oneshot::channel();
        let name = format!("bench {room_index}-{index}");
        match &options.target {
            Target::Plenum(url) => {
                let p = Plenum::new(url).showing(View {
                    tiles: scenario.tiles,
                    large: scenario.large,
                });
                tasks.spawn(p.participant(
                    rooms[room_index].clone(),
                    name,
                    config,
                    crypto.clone(),
                    metrics.clone(),
                    tx,
                    stop.clone(),
                ));
            }
            Target::Janus(url) => {
                let j = Janus::new(url);
                let room: u64 = rooms[room_index].parse()?;
                let f = feeds[room_index].clone();
                tasks.spawn(j.participant(
                    room,
                    name,
                    f,
                    config,
                    crypto.clone(),
                    metrics.clone(),
                    tx,
                    stop.clone(),
                ));
            }
            Target::Null(addr) => {
                tasks.spawn(null::participant(
                    *addr,
                    room_index as u32,
                    i as u32,
                    config,
                    metrics.clone(),
                    tx,
                    stop.clone(),
                ));
            }
        }
        if scenario.join_within_s > 0.0 {
            ready.push(rx);
        } else {
            // One after another: the next joins once this one's media is up.
            let _ = tokio::time::timeout(Duration::from_secs(15), rx).await;
        }
    }
    let mut joined = if scenario.join_within_s > 0.0 {
        0
    } else {
        total
    };
    for rx in ready {
        if tokio::time::timeout(Duration::from_secs(30), rx)
            .await
            .is_ok_and(|r| r.is_ok())
        {
            joined += 1;
        }
    }
    let after_joins = metrics.snapshot();
    tokio::time::sleep(Duration::from_secs_f64(scenario.warmup_s)).await;

    let before = metrics.snapshot();
    let target_before = target_proc.as_ref().map(Process::usage);
    let generator_before = generator.usage();
    let window_start = Instant::now();
    if let (Some(a), Some(phase)) = (&adaptation, &scenario.adaptation) {
        let from = window_start + Duration::from_secs_f64(phase.after_s);
        a.schedule(from, from + Duration::from_secs_f64(phase.for_s));
    }
    metrics.set_measuring(true);
    tokio::time::sleep(Duration::from_secs_f64(scenario.duration_s)).await;
    metrics.set_measuring(false);
    let window_end = Instant::now();
    let window = window_end.duration_since(window_start).as_secs_f64();
    let after = metrics.snapshot();
    let target_after = target_proc.as_ref().map(Process::usage);
    let generator_after = generator.usage();

    // Everyone who ended early failed; everyone else stops now.
    let mut failed = 0;
    while let Some(done) = tasks.try_join_next() {
        if !matches!(done, Ok(Ok(()))) {
            failed += 1;
            if let Ok(Err(e)) = done {
                tracing::warn!(error = %e, "participant failed");
            }
        }
    }
    stop.cancel();
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if scenario.join_within_s <= 0.0 {
        joined = joined.saturating_sub(failed);
    }

    let packets = after.packets - before.packets;
    let expected = after.expected - before.expected;
    let target_cpu = target_before
        .zip(target_after)
        .map(|(b, a)| a.cpu_seconds - b.cpu_seconds);
    let generator_cores = (generator_after.cpu_seconds - generator_before.cpu_seconds) / window;
    let available = cores_available();
    let (join, _) = metrics.join_percentiles_ms();
    let mut reasons = Vec::new();
    if generator_cores > GENERATOR_LIMIT * available {
        reasons.push(format!(
            "load generator saturated ({generator_cores:.2} of {available:.0} cores)"
        ));
    }
    if failed > 0 || joined < total {
        let lost = failed.max(total - joined);
        reasons.push(format!(
            "{lost} of {total} participants failed to join or dropped"
        ));
    }
    if packets == 0 {
        reasons.push("no packets forwarded".into());
    }
    Ok(Report {
        target: options.target.name().into(),
        scenario: scenario.name.clone(),
        rooms: scenario.rooms,
        participants: total,
        publishers_per_room: scenario.publishers,
        joined,
        failed,
        window_s: window,
        forwarded_packets: packets,
        forwarded_pps: packets as f64 / window,
        forwarded_mbps: (after.bytes - before.bytes) as f64 * 8.0 / window / 1e6,
        loss_pct: if expected > 0 {
            100.0 * expected.saturating_sub(packets) as f64 / expected as f64
        } else {
            0.0
        },
        target_cpu_cores: target_cpu.map(|c| c / window),
        target_cpu_us_per_packet: target_cpu
            .filter(|_| packets > 0)
            .map(|c| c * 1e6 / packets as f64),
        packets_per_core_second: target_cpu.filter(|c| *c > 0.0).map(|c| packets as f64 / c),
        target_rss_mib: target_after.map(|u| u.rss_kib as f64 / 1024.0),
        rss_per_participant_kib: rss_before
            .zip(target_after)
            .map(|(b, a)| a.rss_kib.saturating_sub(b) as f64 / total as f64),
        join_to_first_packet_ms: join.map(|(p50, high)| Percentiles { p50, high }),
        latency_ms: metrics
            .latency_percentiles_ms()
            .map(|(p50, high)| Percentiles { p50, high }),
        signaling_per_join: (after_joins.signaling_messages > 0).then(|| {
            let joins = total as f64;
            SignalingPerJoin {
                messages: after_joins.signaling_messages as f64 / joins,
                kib: after_joins.signaling_bytes as f64 / 1024.0 / joins,
                offers: after_joins.offers as f64 / joins,
            }
        }),
        final_sdp_bytes: metrics
            .final_sdp_percentiles()
            .filter(|(_, max)| *max > 0)
            .map(|(p50, max)| Percentiles {
                p50: p50 as f64,
                high: max as f64,
            }),
        adaptation: adaptation.map(|a| a.report(window_start, window_end)),
        generator_cpu_cores: generator_cores,
        generator_cores_available: available,
        valid: reasons.is_empty(),
        invalid_reason: (!reasons.is_empty()).then(|| reasons.join("; ")),
    })
}

//! The generator's smoke run (a few seconds): against a real Plenum started in this process
//! (two rooms on two SFU shards), and against the null forwarder. Packets flow and a report comes
//! out; the full benchmark is `cargo xtask bench`.

use plenum_bench::run::{RunOptions, Target, run};
use plenum_bench::scenario::Scenario;
use std::path::Path;

fn smoke() -> Scenario {
    Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/smoke.toml"))
        .expect("smoke scenario")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smoke_against_plenum_with_a_room_on_each_of_two_shards() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = plenum_server::config::Config {
        listen: "127.0.0.1:0".parse().expect("valid"),
        media_port: 0,
        media_shards: Some(2),
        data_dir: dir.path().to_path_buf(),
        ..Default::default()
    };
    let server = plenum_server::app::start(&config)
        .await
        .expect("server starts");
    let ports: Vec<u16> = server.media_addrs.iter().map(|a| a.port()).collect();
    assert!(ports.len() == 2 && ports[0] != ports[1], "{ports:?}");
    // The second room goes to the shard without a room: both shards must carry media.
    let mut scenario = smoke();
    scenario.rooms = 2;
    let options = RunOptions {
        target: Target::Plenum(format!("http://{}", server.http_addr)),
        target_pid: Some(std::process::id()),
        bind_ip: "127.0.0.1".parse().expect("valid"),
    };
    let report = run(&scenario, &options).await.expect("run completes");
    println!("{report}");
    assert_eq!((report.joined, report.failed), (6, 0), "{report}");
    // Per room 3 participants, 2 publishing audio (50/s) and video (15 frames/s): each receiver
    // gets the other publishers' audio and video.
    assert!(report.forwarded_pps > 300.0, "{report}");
    assert!(
        report.join_to_first_packet_ms.is_some() && report.latency_ms.is_some(),
        "{report}"
    );
    assert!(report.loss_pct < 5.0, "{report}");
    let json = serde_json::to_value(&report).expect("serialisable");
    assert_eq!(json["target"], "plenum");
    server.stop().await;
}

#[tokio::test]
async fn smoke_against_the_null_forwarder() {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let addr = socket.local_addr().expect("address");
    std::thread::spawn(move || plenum_bench::null_forwarder::run(&socket));
    let options = RunOptions {
        target: Target::Null(addr),
        target_pid: None,
        bind_ip: "127.0.0.1".parse().expect("valid"),
    };
    let report = run(&smoke(), &options).await.expect("run completes");
    println!("{report}");
    assert_eq!(report.joined, 3);
    assert!(report.forwarded_pps > 150.0, "{report}");
    assert!(report.latency_ms.is_some());
}

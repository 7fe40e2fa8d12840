//! Bandwidth adaptation between in-memory peers: a subscriber behind a slow downlink gets a
//! smaller simulcast layer within about a second and the largest one back within a few seconds
//! after the link recovers, with its slot's numbering unbroken; a camera for which even its
//! smallest layer does not fit is switched off and the subscriber told so; layers nobody
//! receives are paused at the publisher (dynacast) and resumed when someone needs them.

mod net;

use net::{Link, Net};
use plenum_media::{Kind, SfuEvent};
use std::time::{Duration, Instant};

/// Frames of the largest layer ([`net::LAYERS`]: 2500, 1200 and 300 bytes) are longer than this.
const LARGE_FRAME: usize = 2000;

/// The frames `at` received of `from`'s camera since `since`: (arrival, bytes).
fn frames(net: &mut Net, at: &str, from: &str, since: Instant) -> Vec<(Instant, usize)> {
    net.client(at)
        .frames
        .iter()
        .filter(|f| f.publisher == from && f.kind == Kind::Video && f.at >= since)
        .map(|f| (f.at, f.len))
        .collect()
}

/// How long after `since` the first of `frames` whose length is `wanted` arrived.
fn first(
    frames: &[(Instant, usize)],
    since: Instant,
    wanted: fn(usize) -> bool,
) -> Option<Duration> {
    frames
        .iter()
        .find(|(_, len)| wanted(*len))
        .map(|(at, _)| at.duration_since(since))
}

/// The stream ids the SFU last asked `name` to send.
fn active_layers(net: &Net, name: &str) -> Option<Vec<String>> {
    net.events.iter().rev().find_map(|e| match e {
        SfuEvent::Layers { peer, active, .. } if *peer == net::key(name) => Some(active.clone()),
        _ => None,
    })
}

/// The publishers whose camera the SFU last told `name` it holds back for bandwidth.
fn paused_cameras(net: &Net, name: &str) -> Vec<String> {
    net.events
        .iter()
        .rev()
        .find_map(|e| match e {
            SfuEvent::Offer { peer, tracks, .. } | SfuEvent::Tracks { peer, tracks, .. }
                if *peer == net::key(name) =>
            {
                Some(tracks)
            }
            _ => None,
        })
        .into_iter()
        .flatten()
        .filter(|t| t.paused)
        .map(|t| t.publisher.0.to_string())
        .collect()
}

/// A bottleneck of `bits_per_s` with at most 300 ms of queue and 20 ms one-way delay.
fn link(bits_per_s: u64) -> Link {
    Link::new(
        bits_per_s,
        Duration::from_millis(300),
        Duration::from_millis(20),
    )
}

#[test]
fn a_camera_that_does_not_fit_is_switched_off_and_the_subscriber_is_told() {
    let mut net = Net::new();
    net.join_simulcast("ada", 6001);
    net.join_simulcast("cem", 6003);
    net.join_with_twcc("bob", 6002);
    net.client("bob").downlink = Some(link(50_000_000));
    net.connect();
    net.subscribe("bob", &["ada", "cem"], &["ada"]);
    net.client("ada").inter_frames = true;
    net.client("cem").inter_frames = true;
    let both = Some(&["ada", "cem"][..]);
    net.send_media_from(both, 600, -127);
    assert!(paused_cameras(&net, "bob").is_empty());

    // Too slow for two pictures: the large one stays (on its smallest layer), the small one goes.
    net.client("bob").downlink = Some(link(100_000));
    net.send_media_from(both, 500, -127);
    assert_eq!(paused_cameras(&net, "bob"), vec!["cem".to_owned()]);
    let since = net.now - Duration::from_secs(2);
    assert!(frames(&mut net, "bob", "cem", since).is_empty());
    assert!(!frames(&mut net, "bob", "ada", since).is_empty());

    net.client("bob").downlink = Some(link(50_000_000));
    let recovered = net.now;
    net.send_media_from(both, 600, -127);
    assert!(paused_cameras(&net, "bob").is_empty());
    assert!(!frames(&mut net, "bob", "cem", recovered).is_empty());
}

#[test]
fn a_slow_downlink_gets_a_smaller_layer_and_the_largest_back_when_it_recovers() {
    let mut net = Net::new();
    net.join_simulcast("ada", 6001);
    net.join_with_twcc("bob", 6002);
    net.client("bob").downlink = Some(link(50_000_000));
    net.connect();
    net.subscribe("bob", &["ada"], &["ada"]);
    net.client("ada").inter_frames = true;
    let ada = Some(&["ada"][..]);
    let began = net.now;
    net.send_media_from(ada, 600, -127);
    // From the first second on, the large layer (but for a blip): the estimator's first
    // readings (often far too low) do not cost the picture its quality.
    let early = frames(&mut net, "bob", "ada", began);
    let first_large = early
        .iter()
        .find(|(_, len)| *len > LARGE_FRAME)
        .expect("the large layer arrives")
        .0;
    let settled: Vec<_> = early
        .iter()
        .filter(|(at, _)| *at >= first_large + Duration::from_secs(1))
        .collect();
    let small: Vec<_> = settled
        .iter()
        .filter(|(_, len)| *len <= LARGE_FRAME)
        .map(|(at, _)| at.duration_since(first_large))
        .collect();
    assert!(
        settled.len() > 100 && small.len() * 20 < settled.len(),
        "the large picture stays large from its start: {} frames, small ones after {small:?}",
        settled.len(),
    );
    assert_eq!(
        active_layers(&net, "ada"),
        Some(vec!["f".to_owned(), "q".to_owned()]),
        "only the large layer is received: the middle one is paused (never the smallest)"
    );

    // 300 kbit/s with at most 300 ms of queue: the 500 kbit/s layer no longer fits.
    net.client("bob").downlink = Some(link(300_000));
    let limited = net.now;
    net.send_media_from(ada, 500, -127);
    let during = frames(&mut net, "bob", "ada", limited);
    let down = first(&during, limited, |len| len < LARGE_FRAME).expect("a smaller layer arrives");
    // From shortly after the switch to the end of the slow phase: the small layer, unfrozen.
    let settled = limited + down + Duration::from_millis(500);
    let late: Vec<_> = during.iter().filter(|(at, _)| *at >= settled).collect();
    assert!(
        late.len() > 150 && late.iter().all(|(_, len)| *len < LARGE_FRAME),
        "the subscriber keeps decoding a smaller layer: {late:?}"
    );
    let gaps = late.windows(2).map(|w| w[1].0 - w[0].0).max().unwrap();
    assert!(gaps < Duration::from_millis(500), "no freeze: {gaps:?}");

    net.client("bob").downlink = Some(link(50_000_000));
    let recovered = net.now;
    net.send_media_from(ada, 500, -127);
    let after = frames(&mut net, "bob", "ada", recovered);
    let up =
        first(&after, recovered, |len| len > LARGE_FRAME).expect("the largest layer comes back");
    eprintln!("down-switch after {down:?}, up-switch after {up:?}");
    assert!(down < Duration::from_secs(2), "down-switch took {down:?}");
    assert!(up < Duration::from_secs(5), "up-switch took {up:?}");

    // One continuous stream on the slot throughout.
    let bob = net.client("bob");
    let seqs: Vec<_> = bob
        .frames
        .iter()
        .filter(|f| f.kind == Kind::Video)
        .map(|f| (f.first_seq, f.last_seq))
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[1].0 > w[0].1),
        "numbering goes forward"
    );
}

//! Prometheus metrics of a Plenum process (controller, node or both), served as text on the
//! separate metrics listener (`metrics_listen`), never on the public HTTP port.
//!
//! Counters and the join histogram are updated where things happen (the media shards count per
//! batch, not per packet); gauges (rooms, connections, spool, database and Redis health) are
//! read when Prometheus scrapes. This module does not decide readiness: that is `/readyz`.

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// What is sampled at scrape time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sample {
    /// Rooms running on this node.
    pub rooms: u64,
    /// WebSocket connections open on this node.
    pub connections: u64,
    /// Records waiting in the spool.
    pub spool_pending: u64,
    /// Failed deliveries of spooled records since the start.
    pub spool_failures: u64,
    /// Whether the database answered (controllers).
    pub database_up: Option<bool>,
    /// Whether Redis answered (scale-out).
    pub redis_up: Option<bool>,
}

/// The process's metrics.
pub struct Metrics {
    registry: Registry,
    /// Datagrams received on the media ports.
    pub media_received_packets: Counter,
    /// Bytes received on the media ports.
    pub media_received_bytes: Counter,
    /// Datagrams sent from the media ports.
    pub media_sent_packets: Counter,
    /// Bytes sent from the media ports.
    pub media_sent_bytes: Counter,
    /// Seconds from a `join` command to its admission: the ticket's check and its single-use
    /// claim (in the cluster's Redis when there is one).
    pub join_seconds: Histogram,
    /// Join tickets issued by this controller.
    pub tickets_issued: Counter,
    rooms: Gauge,
    connections: Gauge,
    spool_pending: Gauge,
    spool_failures: Gauge,
    database_up: Gauge,
    redis_up: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("plenum");
        let counter = |registry: &mut Registry, name: &str, help: &str| {
            let c = Counter::default();
            registry.register(name, help, c.clone());
            c
        };
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let g = Gauge::default();
            registry.register(name, help, g.clone());
            g
        };
        let media_received_packets = counter(
            &mut registry,
            "media_received_packets",
            "Datagrams received on the media ports",
        );
        let media_received_bytes = counter(
            &mut registry,
            "media_received_bytes",
            "Bytes received on the media ports",
        );
        let media_sent_packets = counter(
            &mut registry,
            "media_sent_packets",
            "Datagrams sent from the media ports",
        );
        let media_sent_bytes = counter(
            &mut registry,
            "media_sent_bytes",
            "Bytes sent from the media ports",
        );
        let tickets_issued = counter(&mut registry, "tickets_issued", "Join tickets issued");
        // 1 ms … 4 s.
        let join_seconds = Histogram::new(exponential_buckets(0.001, 2.0, 13));
        registry.register(
            "join_seconds",
            "Seconds from a join command to its admission (ticket check and single-use claim)",
            join_seconds.clone(),
        );
        let rooms = gauge(&mut registry, "rooms", "Rooms running on this node");
        let connections = gauge(
            &mut registry,
            "connections",
            "WebSocket connections open on this node",
        );
        let spool_pending = gauge(
            &mut registry,
            "spool_pending",
            "Records waiting in the spool to be stored",
        );
        let spool_failures = gauge(
            &mut registry,
            "spool_failures",
            "Failed deliveries of spooled records since the start",
        );
        let database_up = gauge(
            &mut registry,
            "database_up",
            "1 if the database answered the last scrape, 0 if not",
        );
        let redis_up = gauge(
            &mut registry,
            "redis_up",
            "1 if Redis answered the last scrape, 0 if not",
        );
        Metrics {
            registry,
            media_received_packets,
            media_received_bytes,
            media_sent_packets,
            media_sent_bytes,
            join_seconds,
            tickets_issued,
            rooms,
            connections,
            spool_pending,
            spool_failures,
            database_up,
            redis_up,
        }
    }
}

fn gauge_value(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl Metrics {
    /// The metrics in Prometheus' text format, with `sample`'s gauges.
    pub fn render(&self, sample: Sample) -> String {
        self.rooms.set(gauge_value(sample.rooms));
        self.connections.set(gauge_value(sample.connections));
        self.spool_pending.set(gauge_value(sample.spool_pending));
        self.spool_failures.set(gauge_value(sample.spool_failures));
        self.database_up
            .set(sample.database_up.map_or(-1, i64::from));
        self.redis_up.set(sample.redis_up.map_or(-1, i64::from));
        let mut text = String::new();
        encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail and every metric encodes");
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_gauges_and_the_histogram_render() {
        let m = Metrics::default();
        m.media_sent_packets.inc_by(3);
        m.join_seconds.observe(0.004);
        let text = m.render(Sample {
            rooms: 2,
            database_up: Some(true),
            ..Sample::default()
        });
        assert!(text.contains("plenum_media_sent_packets_total 3"), "{text}");
        assert!(text.contains("plenum_rooms 2"), "{text}");
        assert!(text.contains("plenum_database_up 1"), "{text}");
        assert!(text.contains("plenum_redis_up -1"), "{text}");
        assert!(
            text.contains("plenum_join_seconds_bucket{le=\"0.004\"} 1"),
            "{text}"
        );
        assert!(text.contains("plenum_join_seconds_count 1"), "{text}");
    }
}

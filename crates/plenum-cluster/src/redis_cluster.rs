//! The Redis backend. Keys (all under the installation's prefix `P`):
//!
//! - `P:node:<id>`: the node's [`NodeInfo`] as JSON, expiring with its lease;
//!   `P:nodes`: the set of ids ever announced (ids whose key expired are dropped when read);
//! - `P:room:<id>`: the id of the node a room is placed on (a day, renewed on every lookup);
//! - `P:claim:<key>`: a single-use claim until it expires;
//! - `P:hits:<window ms>:<window index>:<key>`: a fixed-window counter;
//! - `P:block:<key>`: a block (rate limits' growing delays) until it expires;
//! - channel `P:events`: [`ClusterEvent`]s as JSON.
//!
//! Every command gives up after [`COMMAND_TIMEOUT`], so that callers fail fast with
//! [`ClusterError::Unavailable`] while Redis is away; the connection comes back by itself.

use crate::in_process::EVENT_BACKLOG;
use crate::{ClusterError, ClusterEvent, NodeInfo, choose_node};
use futures_util::StreamExt;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::broadcast;

/// How long one Redis command may take.
pub(crate) const COMMAND_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a room's placement is kept without a lookup.
const ROOM_TTL: Duration = Duration::from_secs(24 * 3600);
/// Pause before the event subscriber reconnects.
const RESUBSCRIBE_AFTER: Duration = Duration::from_millis(500);

/// Sets the room's node to `ARGV[2]` if it is still `ARGV[1]` (empty: unset); returns the
/// node the room is on afterwards.
const PLACE: &str = r"
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return ARGV[2]
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return current
";

/// Deletes the room's placement if it names `ARGV[1]`.
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// The cluster's state in Redis.
pub struct RedisCluster {
    conn: ConnectionManager,
    breaker: Breaker,
    prefix: String,
    events: broadcast::Sender<ClusterEvent>,
    subscriber: tokio::task::JoinHandle<()>,
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        self.subscriber.abort();
    }
}

async fn timed<T>(f: impl Future<Output = redis::RedisResult<T>>) -> Result<T, ClusterError> {
    match tokio::time::timeout(COMMAND_TIMEOUT, f).await {
        Ok(result) => Ok(result?),
        Err(_) => Err(ClusterError::Unavailable(
            "Redis did not answer in time".into(),
        )),
    }
}

/// After a failure, commands fail at once for this long instead of each waiting for
/// [`COMMAND_TIMEOUT`]: while Redis is away, callers get their answer (a 503, a fallback) fast.
const FAIL_FAST_FOR: Duration = Duration::from_secs(1);

/// Remembers when Redis last failed.
#[derive(Debug, Default)]
struct Breaker {
    failed_at: std::sync::Mutex<Option<std::time::Instant>>,
}

impl Breaker {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<std::time::Instant>> {
        self.failed_at
            .lock()
            .expect("breaker lock is never poisoned: no panics while held")
    }

    /// Runs `f` unless Redis failed within [`FAIL_FAST_FOR`]; records the outcome.
    async fn run<T>(
        &self,
        f: impl Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, ClusterError> {
        if self.lock().is_some_and(|at| at.elapsed() < FAIL_FAST_FOR) {
            return Err(ClusterError::Unavailable(
                "Redis failed a moment ago".into(),
            ));
        }
        let result = timed(f).await;
        let failed = matches!(result, Err(ClusterError::Unavailable(_)));
        *self.lock() = failed.then(std::time::Instant::now);
        result
    }
}

impl RedisCluster {
    pub(crate) async fn connect(url: &str, prefix: &str) -> Result<Self, ClusterError> {
        let client = redis::Client::open(url)?;
        let conn = timed(ConnectionManager::new(client.clone())).await?;
        let events = broadcast::channel(EVENT_BACKLOG).0;
        let channel = format!("{prefix}:events");
        let subscriber = tokio::spawn(subscribe(client, channel, events.clone()));
        Ok(RedisCluster {
            conn,
            breaker: Breaker::default(),
            prefix: prefix.to_owned(),
            events,
            subscriber,
        })
    }

    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }

    fn key(&self, kind: &str, id: &str) -> String {
        format!("{}:{kind}:{id}", self.prefix)
    }

    pub(crate) async fn announce(
        &self,
        node: &NodeInfo,
        lease: Duration,
    ) -> Result<(), ClusterError> {
        let json = serde_json::to_string(node)?;
        let mut conn = self.conn.clone();
        let lease_ms = u64::try_from(lease.as_millis()).unwrap_or(u64::MAX);
        self.breaker
            .run(
                redis::pipe()
                    .atomic()
                    .pset_ex(self.key("node", &node.id), json, lease_ms)
                    .ignore()
                    .sadd(format!("{}:nodes", self.prefix), &node.id)
                    .ignore()
                    .query_async::<()>(&mut conn),
            )
            .await
    }

    pub(crate) async fn withdraw(&self, node_id: &str) -> Result<(), ClusterError> {
        let mut conn = self.conn.clone();
        self.breaker
            .run(
                redis::pipe()
                    .atomic()
                    .del(self.key("node", node_id))
                    .ignore()
                    .srem(format!("{}:nodes", self.prefix), node_id)
                    .ignore()
                    .query_async::<()>(&mut conn),
            )
            .await
    }

    pub(crate) async fn nodes(&self) -> Result<Vec<NodeInfo>, ClusterError> {
        let mut conn = self.conn.clone();
        let set = format!("{}:nodes", self.prefix);
        let mut ids: Vec<String> = self.breaker.run(conn.smembers(&set)).await?;
        ids.sort();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = ids.iter().map(|id| self.key("node", id)).collect();
        let values: Vec<Option<String>> = self.breaker.run(conn.mget(&keys)).await?;
        let mut nodes = Vec::with_capacity(ids.len());
        let mut gone = Vec::new();
        for (id, value) in ids.into_iter().zip(values) {
            match value {
                Some(json) => nodes.push(serde_json::from_str::<NodeInfo>(&json)?),
                None => gone.push(id),
            }
        }
        if !gone.is_empty() {
            self.breaker.run(conn.srem::<_, _, ()>(&set, &gone)).await?;
        }
        Ok(nodes)
    }

    pub(crate) async fn place(
        &self,
        room: &str,
        zone: Option<&str>,
    ) -> Result<NodeInfo, ClusterError> {
        let key = self.key("room", room);
        let ttl_ms = ROOM_TTL.as_millis().to_string();
        let script = redis::Script::new(PLACE);
        // Two rounds: another controller may have placed the room on a node that went away
        // between its choice and our read.
        for _ in 0..2 {
            let mut conn = self.conn.clone();
            let nodes = self.nodes().await?;
            let current: Option<String> = self.breaker.run(conn.get(&key)).await?;
            if let Some(node) = current
                .as_deref()
                .and_then(|id| nodes.iter().find(|n| n.id == id))
            {
                self.breaker
                    .run(conn.pexpire::<_, ()>(&key, ROOM_TTL.as_millis() as i64))
                    .await?;
                return Ok(node.clone());
            }
            let chosen = choose_node(&nodes, zone).ok_or_else(|| ClusterError::NoNode {
                zone: zone.map(str::to_owned),
            })?;
            let winner: String = self
                .breaker
                .run(
                    script
                        .key(&key)
                        .arg(current.as_deref().unwrap_or(""))
                        .arg(&chosen.id)
                        .arg(&ttl_ms)
                        .invoke_async(&mut conn),
                )
                .await?;
            if let Some(node) = nodes.iter().find(|n| n.id == winner) {
                return Ok(node.clone());
            }
        }
        Err(ClusterError::NoNode {
            zone: zone.map(str::to_owned),
        })
    }

    pub(crate) async fn hold(&self, node_id: &str, rooms: &[String]) -> Result<(), ClusterError> {
        if rooms.is_empty() {
            return Ok(());
        }
        let ttl_ms = u64::try_from(ROOM_TTL.as_millis()).unwrap_or(u64::MAX);
        let mut pipe = redis::pipe();
        for room in rooms {
            pipe.cmd("SET")
                .arg(self.key("room", room))
                .arg(node_id)
                .arg("NX")
                .arg("PX")
                .arg(ttl_ms)
                .ignore();
        }
        let mut conn = self.conn.clone();
        self.breaker.run(pipe.query_async::<()>(&mut conn)).await
    }

    pub(crate) async fn release(&self, room: &str, node_id: &str) -> Result<(), ClusterError> {
        let mut conn = self.conn.clone();
        self.breaker
            .run(
                redis::Script::new(RELEASE)
                    .key(self.key("room", room))
                    .arg(node_id)
                    .invoke_async::<()>(&mut conn),
            )
            .await
    }

    pub(crate) async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, ClusterError> {
        let mut conn = self.conn.clone();
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let set: Option<String> = self
            .breaker
            .run(
                redis::cmd("SET")
                    .arg(self.key("claim", key))
                    .arg(1)
                    .arg("NX")
                    .arg("PX")
                    .arg(ttl_ms)
                    .query_async(&mut conn),
            )
            .await?;
        Ok(set.is_some())
    }

    /// The counter of `key` in `window`'s current window.
    fn counter(&self, key: &str, window: Duration) -> (String, u128) {
        let window_ms = window.as_millis().max(1);
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis();
        (
            self.key("hits", &format!("{window_ms}:{}:{key}", now_ms / window_ms)),
            window_ms,
        )
    }

    pub(crate) async fn hit(
        &self,
        key: &str,
        window: Duration,
        n: u64,
    ) -> Result<u64, ClusterError> {
        let (counter, window_ms) = self.counter(key, window);
        let mut conn = self.conn.clone();
        let (hits,): (u64,) = self
            .breaker
            .run(
                redis::pipe()
                    .atomic()
                    .incr(&counter, n)
                    .pexpire(&counter, i64::try_from(window_ms).unwrap_or(i64::MAX))
                    .ignore()
                    .query_async(&mut conn),
            )
            .await?;
        Ok(hits)
    }

    pub(crate) async fn block(&self, key: &str, ttl: Duration) -> Result<(), ClusterError> {
        let mut conn = self.conn.clone();
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        self.breaker
            .run(conn.pset_ex::<_, _, ()>(self.key("block", key), 1, ttl_ms))
            .await
    }

    pub(crate) async fn is_blocked(&self, key: &str) -> Result<bool, ClusterError> {
        let mut conn = self.conn.clone();
        self.breaker.run(conn.exists(self.key("block", key))).await
    }

    pub(crate) async fn forgive(&self, key: &str, window: Duration) -> Result<(), ClusterError> {
        let (counter, _) = self.counter(key, window);
        let mut conn = self.conn.clone();
        self.breaker
            .run(conn.del::<_, ()>(&[self.key("block", key), counter]))
            .await
    }

    pub(crate) async fn publish(&self, event: &ClusterEvent) -> Result<(), ClusterError> {
        let json = serde_json::to_string(event)?;
        let mut conn = self.conn.clone();
        self.breaker
            .run(conn.publish::<_, _, ()>(format!("{}:events", self.prefix), json))
            .await
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<ClusterEvent> {
        self.events.subscribe()
    }

    pub(crate) async fn ping(&self) -> Result<(), ClusterError> {
        let mut conn = self.conn.clone();
        self.breaker
            .run(redis::cmd("PING").query_async::<()>(&mut conn))
            .await
    }
}

/// Listens on the event channel for as long as the cluster lives, reconnecting after Redis
/// went away, and hands each event to the local subscribers.
async fn subscribe(
    client: redis::Client,
    channel: String,
    events: broadcast::Sender<ClusterEvent>,
) {
    loop {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(&channel).await {
                Ok(()) => {
                    let mut messages = pubsub.on_message();
                    while let Some(msg) = messages.next().await {
                        match msg
                            .get_payload::<String>()
                            .map_err(ClusterError::from)
                            .and_then(|s| Ok(serde_json::from_str::<ClusterEvent>(&s)?))
                        {
                            Ok(event) => {
                                let _ = events.send(event);
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "ignoring a malformed cluster event")
                            }
                        }
                    }
                    tracing::warn!("lost the cluster event channel; reconnecting");
                }
                Err(e) => tracing::warn!(error = %e, "subscribing to cluster events failed"),
            },
            Err(e) => tracing::debug!(error = %e, "Redis unreachable for cluster events"),
        }
        tokio::time::sleep(RESUBSCRIBE_AFTER).await;
    }
}

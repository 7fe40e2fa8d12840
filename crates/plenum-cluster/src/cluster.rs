//! [`Cluster`]: the one interface over the in-process and the Redis backend.

use crate::in_process::InProcess;
use crate::redis_cluster::RedisCluster;
use crate::{ClusterError, ClusterEvent, NodeInfo};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// The shared state of an installation's controllers and nodes. Cheap to clone.
#[derive(Clone)]
pub enum Cluster {
    /// Everything in this process (`plenum serve`, tests).
    InProcess(Arc<InProcess>),
    /// Shared through Redis (several controllers and nodes).
    Redis(Arc<RedisCluster>),
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cluster::InProcess(_) => f.write_str("Cluster::InProcess"),
            Cluster::Redis(r) => write!(f, "Cluster::Redis({})", r.prefix()),
        }
    }
}

impl Cluster {
    /// A cluster that lives in this process only.
    pub fn in_process() -> Cluster {
        Cluster::InProcess(Arc::new(InProcess::new()))
    }

    /// A cluster shared through the Redis at `url` (`redis://host:port/db`), with every key
    /// under `prefix` (several installations can share one Redis). Fails when Redis cannot be
    /// reached now; later outages make single operations fail with
    /// [`ClusterError::Unavailable`] until Redis is back, without a restart.
    pub async fn connect_redis(url: &str, prefix: &str) -> Result<Cluster, ClusterError> {
        Ok(Cluster::Redis(Arc::new(
            RedisCluster::connect(url, prefix).await?,
        )))
    }

    /// Announces (or renews) `node` for `lease`: unless announced again before the lease runs
    /// out, the node counts as gone.
    pub async fn announce(&self, node: &NodeInfo, lease: Duration) -> Result<(), ClusterError> {
        match self {
            Cluster::InProcess(c) => {
                c.announce(node, lease);
                Ok(())
            }
            Cluster::Redis(c) => c.announce(node, lease).await,
        }
    }

    /// Removes a node from the registry at once (graceful shutdown).
    pub async fn withdraw(&self, node_id: &str) -> Result<(), ClusterError> {
        match self {
            Cluster::InProcess(c) => {
                c.withdraw(node_id);
                Ok(())
            }
            Cluster::Redis(c) => c.withdraw(node_id).await,
        }
    }

    /// The live nodes, ordered by id.
    pub async fn nodes(&self) -> Result<Vec<NodeInfo>, ClusterError> {
        match self {
            Cluster::InProcess(c) => Ok(c.nodes()),
            Cluster::Redis(c) => c.nodes().await,
        }
    }

    /// The node that runs `room`: the one it was placed on while that node lives, otherwise a
    /// new choice ([`crate::choose_node`]) among the live nodes of `zone`. Concurrent callers
    /// (on any controller) get the same node.
    pub async fn place(&self, room: &str, zone: Option<&str>) -> Result<NodeInfo, ClusterError> {
        match self {
            Cluster::InProcess(c) => c.place(room, zone),
            Cluster::Redis(c) => c.place(room, zone).await,
        }
    }

    /// Records that `rooms` run on `node_id`, where no placement says otherwise: a node holds
    /// its rooms with every announcement, so that placements lost with Redis's data come back
    /// before another controller places a running room elsewhere.
    pub async fn hold(&self, node_id: &str, rooms: &[String]) -> Result<(), ClusterError> {
        match self {
            Cluster::InProcess(c) => {
                c.hold(node_id, rooms);
                Ok(())
            }
            Cluster::Redis(c) => c.hold(node_id, rooms).await,
        }
    }

    /// Forgets that `room` runs on `node_id` (the room ended there). A placement on another
    /// node is left alone.
    pub async fn release(&self, room: &str, node_id: &str) -> Result<(), ClusterError> {
        match self {
            Cluster::InProcess(c) => {
                c.release(room, node_id);
                Ok(())
            }
            Cluster::Redis(c) => c.release(room, node_id).await,
        }
    }

    /// Claims `key` for `ttl`: true for the first claim, false while the key is claimed. A
    /// single-use ticket is claimed with its id until it expires.
    pub async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, ClusterError> {
        match self {
            Cluster::InProcess(c) => Ok(c.claim(key, ttl)),
            Cluster::Redis(c) => c.claim(key, ttl).await,
        }
    }

    /// Counts `n` more hits on `key` in the current fixed window of length `window` and
    /// returns the hits so far in that window (`n` for the first).
    pub async fn hit(&self, key: &str, window: Duration, n: u64) -> Result<u64, ClusterError> {
        match self {
            Cluster::InProcess(c) => Ok(c.hit(key, window, n)),
            Cluster::Redis(c) => c.hit(key, window, n).await,
        }
    }

    /// Blocks `key` for `ttl` from now (replacing an earlier block).
    pub async fn block(&self, key: &str, ttl: Duration) -> Result<(), ClusterError> {
        match self {
            Cluster::InProcess(c) => {
                c.block(key, ttl);
                Ok(())
            }
            Cluster::Redis(c) => c.block(key, ttl).await,
        }
    }

    /// Whether `key` is blocked now.
    pub async fn is_blocked(&self, key: &str) -> Result<bool, ClusterError> {
        match self {
            Cluster::InProcess(c) => Ok(c.is_blocked(key)),
            Cluster::Redis(c) => c.is_blocked(key).await,
        }
    }

    /// Lifts the block of `key` and forgets the hits counted on it in `window`'s current window.
    pub async fn forgive(&self, key: &str, window: Duration) -> Result<(), ClusterError> {
        match self {
            Cluster::InProcess(c) => {
                c.forgive(key, window);
                Ok(())
            }
            Cluster::Redis(c) => c.forgive(key, window).await,
        }
    }

    /// Publishes `event` to every subscriber in the installation (this process's included).
    pub async fn publish(&self, event: &ClusterEvent) -> Result<(), ClusterError> {
        match self {
            Cluster::InProcess(c) => {
                c.publish(event);
                Ok(())
            }
            Cluster::Redis(c) => c.publish(event).await,
        }
    }

    /// Events published from now on. With Redis, events published while the connection to
    /// Redis is down are lost (pub/sub keeps no history).
    pub fn subscribe(&self) -> broadcast::Receiver<ClusterEvent> {
        match self {
            Cluster::InProcess(c) => c.subscribe(),
            Cluster::Redis(c) => c.subscribe(),
        }
    }

    /// Whether the shared state answers now (for readiness probes).
    pub async fn ping(&self) -> Result<(), ClusterError> {
        match self {
            Cluster::InProcess(_) => Ok(()),
            Cluster::Redis(c) => c.ping().await,
        }
    }
}

//! Why a cluster operation failed.

/// Why a cluster operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The shared state (Redis) cannot be reached or answered with an error; retry later.
    #[error("cluster state unavailable: {0}")]
    Unavailable(String),
    /// No live node can take a new room (in the zone asked for, if any).
    #[error("no conference node available{}", zone.as_deref().map(|z| format!(" in zone {z}")).unwrap_or_default())]
    NoNode {
        /// The zone asked for.
        zone: Option<String>,
    },
    /// Stored data could not be read (written by an incompatible version).
    #[error("malformed cluster record: {0}")]
    Malformed(String),
}

impl From<redis::RedisError> for ClusterError {
    fn from(e: redis::RedisError) -> Self {
        ClusterError::Unavailable(e.to_string())
    }
}

impl From<serde_json::Error> for ClusterError {
    fn from(e: serde_json::Error) -> Self {
        ClusterError::Malformed(e.to_string())
    }
}

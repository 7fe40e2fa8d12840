//! The node's spool for records that must outlive their room (`Output::Persist`): each record is
//! written to a file in the spool directory first (fsync, then rename), then delivered to the
//! controller's storage until it is acknowledged, retrying with growing pauses (1 s doubling to
//! a minute). A record whose room still runs is acknowledged to it (`Input::Persisted`). Files
//! left behind by a stopped node are delivered when the next one starts, so nothing is lost
//! while the storage is away or the node restarts. A newer record with the same key replaces
//! an older one that was not delivered yet.

use futures_util::future::BoxFuture;
use plenum_protocol::RoomId;
use plenum_protocol::api::Record;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// First pause after a failed delivery; doubles up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// Longest pause between deliveries.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// One record on its way to the storage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spooled {
    /// The room it comes from.
    pub room: RoomId,
    /// Its idempotent key.
    pub key: String,
    /// The record.
    pub record: Record,
}

/// Delivers one record to the storage; an error means "try again later".
pub type Sink = Arc<dyn Fn(Spooled) -> BoxFuture<'static, Result<(), String>> + Send + Sync>;

/// Where acknowledgements go: room and key of each record stored for good.
pub type Acknowledge = mpsc::UnboundedSender<(RoomId, String)>;

/// Figures for monitoring.
#[derive(Debug, Default)]
pub struct SpoolStats {
    /// Records waiting to be stored.
    pub pending: AtomicUsize,
    /// Failed deliveries since the start.
    pub failures: AtomicU64,
}

/// The handle rooms put records into.
#[derive(Clone)]
pub struct Spool {
    tx: mpsc::UnboundedSender<Spooled>,
    stats: Arc<SpoolStats>,
}

impl Spool {
    /// Starts the spool over `dir` (created if missing), delivering to `sink` until `shutdown`.
    /// Records found in `dir` are delivered first.
    pub fn start(
        dir: PathBuf,
        sink: Sink,
        ack: Acknowledge,
        shutdown: CancellationToken,
        tracker: &tokio_util::task::TaskTracker,
    ) -> std::io::Result<Spool> {
        std::fs::create_dir_all(&dir)?;
        let (tx, rx) = mpsc::unbounded_channel();
        let pending = load(&dir);
        let stats = Arc::new(SpoolStats::default());
        stats.pending.store(pending.len(), Ordering::Relaxed);
        tracker.spawn(run(dir, pending, rx, sink, ack, stats.clone(), shutdown));
        Ok(Spool { tx, stats })
    }

    /// Figures for monitoring.
    pub fn stats(&self) -> &SpoolStats {
        &self.stats
    }

    /// Hands a record to the spool.
    pub fn put(&self, record: Spooled) {
        if self.tx.send(record).is_err() {
            tracing::error!("the spool has stopped; a record could not be kept");
        }
    }
}

fn file_of(dir: &Path, key: &str) -> PathBuf {
    let hash = crate::controller::secret_hash::hash_secret(key);
    dir.join(format!("{}.json", &hash[..32]))
}

/// Writes the record durably: a temporary file, fsync, then an atomic rename.
fn write(dir: &Path, record: &Spooled) -> std::io::Result<()> {
    use std::io::Write;
    let path = file_of(dir, &record.key);
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(&serde_json::to_vec(record).expect("records serialise infallibly"))?;
    file.sync_all()?;
    std::fs::rename(&tmp, &path)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Records left in `dir`, oldest first.
fn load(dir: &Path) -> VecDeque<Spooled> {
    let mut found: Vec<(std::time::SystemTime, Spooled)> = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return VecDeque::new();
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let parsed = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Spooled>(&bytes).ok());
        match parsed {
            Some(record) => {
                let modified = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                found.push((modified, record));
            }
            None => tracing::error!(file = %path.display(), "unreadable spool file left in place"),
        }
    }
    found.sort_by_key(|(t, _)| *t);
    if !found.is_empty() {
        tracing::info!(
            records = found.len(),
            "delivering records spooled before the start"
        );
    }
    found.into_iter().map(|(_, r)| r).collect()
}

/// Keeps `record` in the queue, replacing an undelivered one with the same key.
fn enqueue(queue: &mut VecDeque<Spooled>, record: Spooled) {
    match queue.iter_mut().find(|r| r.key == record.key) {
        Some(old) => *old = record,
        None => queue.push_back(record),
    }
}

async fn run(
    dir: PathBuf,
    mut queue: VecDeque<Spooled>,
    mut rx: mpsc::UnboundedReceiver<Spooled>,
    sink: Sink,
    ack: Acknowledge,
    stats: Arc<SpoolStats>,
    shutdown: CancellationToken,
) {
    let mut backoff = FIRST_BACKOFF;
    let mut retry_at: Option<tokio::time::Instant> = None;
    loop {
        let ready = retry_at.is_none_or(|t| t <= tokio::time::Instant::now());
        if let (true, Some(next)) = (ready, queue.front().cloned()) {
            match sink(next.clone()).await {
                Ok(()) => {
                    // A newer version with the same key may have arrived meanwhile.
                    if queue.front() == Some(&next) {
                        queue.pop_front();
                        if let Err(e) = std::fs::remove_file(file_of(&dir, &next.key)) {
                            tracing::warn!(error = %e, "delivered spool file could not be removed");
                        }
                    }
                    stats.pending.store(queue.len(), Ordering::Relaxed);
                    let _ = ack.send((next.room, next.key));
                    backoff = FIRST_BACKOFF;
                    retry_at = None;
                }
                Err(e) => {
                    stats.failures.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(error = %e, retry_in = ?backoff, "storing a record failed; will retry");
                    retry_at = Some(tokio::time::Instant::now() + backoff);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
            continue;
        }
        let wait = async {
            match (retry_at, queue.is_empty()) {
                (_, true) | (None, _) => std::future::pending().await,
                (Some(t), false) => tokio::time::sleep_until(t).await,
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            received = rx.recv() => match received {
                Some(record) => {
                    if let Err(e) = write(&dir, &record) {
                        tracing::error!(error = %e, "a record could not be written to the spool; keeping it in memory");
                    }
                    enqueue(&mut queue, record);
                    stats.pending.store(queue.len(), Ordering::Relaxed);
                }
                None => break,
            },
            () = wait => {}
        }
    }
}

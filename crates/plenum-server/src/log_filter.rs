//! What Plenum writes to its log, whatever `PLENUM_LOG` asks for: the WebSocket and HTTP
//! libraries' TRACE events carry whole frames and headers (chat messages, ballots and their
//! receipts, tickets, session cookies), so they are dropped at every setting. Everything else
//! follows the `EnvFilter` directives.
//!
//! Not here: the audit log (`audit.rs`).

use tracing::{Level, Metadata, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::{FilterExt, filter_fn};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::registry::LookupSpan;

/// Crates whose TRACE events contain message contents.
const CONTENT_TRACERS: [&str; 4] = ["tungstenite", "tokio_tungstenite", "hyper", "h2"];

/// Whether an event may be logged at all (contents of messages may not).
pub fn is_safe(metadata: &Metadata<'_>) -> bool {
    *metadata.level() != Level::TRACE
        || !CONTENT_TRACERS.iter().any(|c| {
            metadata
                .target()
                .strip_prefix(c)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
        })
}

/// A formatting layer writing to `writer` what `directives` select and [`is_safe`] allows.
pub fn layer<S, W>(directives: EnvFilter, writer: W) -> impl Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_filter(directives.and(filter_fn(is_safe)))
}

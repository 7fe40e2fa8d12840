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

/// A formatting layer writing to `writer` what `directives` select and [`is_safe`] allows:
/// lines for people, or with `json` one JSON object per event (for log collectors).
pub fn layer<S, W>(directives: EnvFilter, writer: W, json: bool) -> Box<dyn Layer<S> + Send + Sync>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = directives.and(filter_fn(is_safe));
    if json {
        tracing_subscriber::fmt::layer()
            .json()
            .with_writer(writer)
            .with_filter(filter)
            .boxed()
    } else {
        tracing_subscriber::fmt::layer()
            .with_writer(writer)
            .with_filter(filter)
            .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::layer::SubscriberExt;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .expect("test buffer lock")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn json_lines_are_json_and_still_filtered() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::registry().with(layer(
            EnvFilter::new("trace"),
            move || writer.clone(),
            true,
        ));
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(room = "r1", "room started");
            tracing::trace!(target: "tungstenite::protocol", "frame with a secret");
        });
        let text = String::from_utf8(buffer.0.lock().expect("test buffer lock").clone())
            .expect("log lines are UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{text}");
        let line: serde_json::Value = serde_json::from_str(lines[0]).expect("one JSON object");
        assert_eq!(line["fields"]["message"], "room started");
        assert_eq!(line["fields"]["room"], "r1");
        assert_eq!(line["level"], "INFO");
    }
}

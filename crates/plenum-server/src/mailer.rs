//! Sends the mail outbox over SMTP: retries with growing pauses until each mail is out, so an
//! unreachable mail server delays mails but never loses them. Without SMTP configured, mails
//! stay queued (and are logged once).

use crate::config::SmtpConfig;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use plenum_store::{MailRecord, Store};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// Mails taken per round.
const BATCH: i64 = 20;
/// Look for due retries at least this often.
const POLL: Duration = Duration::from_secs(10);

/// Pause before attempt `n + 1` after `n` failures: `base` doubling, at most an hour.
pub fn backoff_ms(failures: i64, base: Duration) -> i64 {
    let exp = failures.clamp(0, 12) as u32;
    (base.as_millis() as i64)
        .saturating_mul(1 << exp)
        .min(3_600_000)
}

fn build(mail: &MailRecord, from: &str) -> Result<Message, String> {
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone());
    let builder = Message::builder()
        .from(from.parse().map_err(|e| format!("sender address: {e}"))?)
        .to(mail
            .recipient
            .parse()
            .map_err(|e| format!("recipient address: {e}"))?)
        .subject(mail.subject.clone());
    let message = match &mail.ics {
        Some(ics) => {
            let calendar = Attachment::new("invitation.ics".into()).body(
                ics.clone(),
                ContentType::parse("text/calendar; charset=utf-8; method=REQUEST")
                    .map_err(|e| e.to_string())?,
            );
            builder.multipart(MultiPart::mixed().singlepart(text).singlepart(calendar))
        }
        None => builder.singlepart(text),
    };
    message.map_err(|e| e.to_string())
}

fn transport(smtp: &SmtpConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let mut builder = match smtp.security.as_str() {
        "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        "tls" => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(|e| e.to_string())?
        }
        _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
            .map_err(|e| e.to_string())?,
    }
    .port(smtp.port)
    .timeout(Some(Duration::from_secs(20)));
    if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// Runs until `stop`.
pub async fn run(
    store: Store,
    smtp: Option<SmtpConfig>,
    ready: Arc<Notify>,
    stop: CancellationToken,
) {
    let Some(smtp) = smtp else {
        tracing::warn!("no [smtp] configured: mails stay queued in the database");
        return;
    };
    let transport = match transport(&smtp) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "the SMTP configuration is unusable; mails stay queued");
            return;
        }
    };
    let retry = Duration::from_secs(smtp.retry_seconds.max(1));
    let poll = POLL.min(retry);
    loop {
        let now = crate::unix_millis() as i64;
        match store.due_mails(now, BATCH).await {
            Ok(mails) => {
                for mail in &mails {
                    let result = match build(mail, &smtp.from) {
                        Ok(message) => transport
                            .send(message)
                            .await
                            .map(|_| ())
                            .map_err(|e| e.to_string()),
                        Err(e) => Err(e),
                    };
                    let outcome = match result {
                        Ok(()) => {
                            store
                                .mark_mail_sent(&mail.id, crate::unix_millis() as i64)
                                .await
                        }
                        Err(e) => {
                            tracing::warn!(mail = %mail.id, attempt = mail.attempts + 1, error = %e, "mail not sent; will retry");
                            store
                                .mark_mail_failed(
                                    &mail.id,
                                    &e,
                                    now + backoff_ms(mail.attempts, retry),
                                )
                                .await
                        }
                    };
                    if let Err(e) = outcome {
                        tracing::error!(error = %e, "recording a mail's outcome failed");
                    }
                }
                if mails.len() as i64 == BATCH {
                    continue;
                }
            }
            Err(e) => tracing::error!(error = %e, "reading the mail outbox failed"),
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = ready.notified() => {}
            () = tokio::time::sleep(poll) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = std::time::Duration::from_secs(30);
        assert_eq!(super::backoff_ms(0, base), 30_000);
        assert_eq!(super::backoff_ms(1, base), 60_000);
        assert_eq!(super::backoff_ms(20, base), 3_600_000);
    }
}

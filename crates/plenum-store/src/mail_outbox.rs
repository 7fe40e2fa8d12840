//! Mails to send: written in the same transaction as what they announce, sent and retried by a
//! worker in the server, never lost.

use crate::error::StoreError;
use crate::store::Store;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

/// A queued mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailRecord {
    /// Id.
    pub id: String,
    /// Recipient address.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// An iCalendar attachment.
    pub ics: Option<String>,
    /// The invitation it announces, marked `mail_sent` once sent.
    pub invitation_id: Option<String>,
    /// Failed attempts so far.
    pub attempts: i64,
    /// Not before (ms).
    pub next_attempt_at: i64,
    /// Sent at (ms).
    pub sent_at: Option<i64>,
    /// The last failure.
    pub last_error: Option<String>,
    /// Created at (ms).
    pub created_at: i64,
}

fn mail_from_row(r: &AnyRow) -> Result<MailRecord, sqlx::Error> {
    Ok(MailRecord {
        id: r.try_get("id")?,
        recipient: r.try_get("recipient")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        ics: r.try_get("ics")?,
        invitation_id: r.try_get("invitation_id")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        sent_at: r.try_get("sent_at")?,
        last_error: r.try_get("last_error")?,
        created_at: r.try_get("created_at")?,
    })
}

pub(crate) async fn insert_mail(
    tx: &mut Transaction<'_, Any>,
    m: &MailRecord,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO mail_outbox (id, recipient, subject, body, ics, invitation_id, attempts, next_attempt_at, \
         sent_at, last_error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&m.id)
    .bind(&m.recipient)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(&m.ics)
    .bind(&m.invitation_id)
    .bind(m.attempts)
    .bind(m.next_attempt_at)
    .bind(m.sent_at)
    .bind(&m.last_error)
    .bind(m.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Queues a mail on its own.
    pub async fn enqueue_mail(&self, m: &MailRecord) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        insert_mail(&mut tx, m).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Unsent mails due at `now`, oldest first.
    pub async fn due_mails(&self, now: i64, limit: i64) -> Result<Vec<MailRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, recipient, subject, body, ics, invitation_id, attempts, next_attempt_at, sent_at, \
             last_error, created_at FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, created_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(mail_from_row).collect::<Result<_, _>>()?)
    }

    /// Every mail to `recipient`, for tests and support.
    pub async fn mails_to(&self, recipient: &str) -> Result<Vec<MailRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, recipient, subject, body, ics, invitation_id, attempts, next_attempt_at, sent_at, \
             last_error, created_at FROM mail_outbox WHERE recipient = $1 ORDER BY created_at, id",
        )
        .bind(recipient.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(mail_from_row).collect::<Result<_, _>>()?)
    }

    /// Marks a mail sent (and its invitation's `mail_sent`).
    pub async fn mark_mail_sent(&self, id: &str, now: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE mail_outbox SET sent_at = $2 WHERE id = $1")
            .bind(id.to_owned())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE invitations SET mail_sent = 1 WHERE id = (SELECT invitation_id FROM mail_outbox WHERE id = $1)",
        )
        .bind(id.to_owned())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a failed attempt and when to try again.
    pub async fn mark_mail_failed(
        &self,
        id: &str,
        error: &str,
        next_attempt_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1")
            .bind(id.to_owned())
            .bind(error.to_owned())
            .bind(next_attempt_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

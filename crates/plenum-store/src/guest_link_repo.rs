//! Guest links of meetings. Only hashes of the link tokens are stored.

use crate::error::StoreError;
use crate::store::Store;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored guest link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestLinkRecord {
    /// Id.
    pub id: String,
    /// The meeting.
    pub meeting_id: String,
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// Expires at (ms).
    pub expires_at: Option<i64>,
    /// Created at (ms).
    pub created_at: i64,
}

fn link_from_row(r: &AnyRow) -> Result<GuestLinkRecord, sqlx::Error> {
    Ok(GuestLinkRecord {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        token_hash: r.try_get("token_hash")?,
        expires_at: r.try_get("expires_at")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a guest link.
    pub async fn create_guest_link(&self, l: &GuestLinkRecord) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO guest_links (id, meeting_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&l.id)
            .bind(&l.meeting_id)
            .bind(&l.token_hash)
            .bind(l.expires_at)
            .bind(l.created_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A meeting's guest links, oldest first.
    pub async fn guest_links(&self, meeting: &str) -> Result<Vec<GuestLinkRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, token_hash, expires_at, created_at FROM guest_links WHERE meeting_id = $1 \
             ORDER BY created_at, id",
        )
        .bind(meeting.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(link_from_row).collect::<Result<_, _>>()?)
    }

    /// The guest link with this token hash.
    pub async fn guest_link_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<GuestLinkRecord>, StoreError> {
        let row = sqlx::query("SELECT id, meeting_id, token_hash, expires_at, created_at FROM guest_links WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(link_from_row).transpose()?)
    }

    /// Revokes a guest link; `false` if it does not exist.
    pub async fn delete_guest_link(&self, meeting: &str, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM guest_links WHERE meeting_id = $1 AND id = $2")
            .bind(meeting.to_owned())
            .bind(id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

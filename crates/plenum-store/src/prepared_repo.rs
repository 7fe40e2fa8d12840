//! What is prepared with a meeting (polls, breakout-room set-ups): definitions as JSON by kind,
//! in the order they were added. Not the validation of a definition (the controller checks it)
//! nor who may see or change them.

use crate::error::StoreError;
use crate::store::Store;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored prepared item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedRecord {
    /// Id.
    pub id: String,
    /// The meeting.
    pub meeting_id: String,
    /// What it is (`poll`, `breakout`).
    pub kind: String,
    /// The definition as JSON.
    pub definition: String,
    /// Created at (ms).
    pub created_at: i64,
}

fn prepared_from_row(r: &AnyRow) -> Result<PreparedRecord, sqlx::Error> {
    Ok(PreparedRecord {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        kind: r.try_get("kind")?,
        definition: r.try_get("definition")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a prepared item unless the meeting has `limit` of its kind already; `false` when
    /// it has.
    pub async fn add_prepared(&self, p: &PreparedRecord, limit: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO meeting_prepared (id, meeting_id, kind, definition, created_at) \
             SELECT $1, $2, $3, $4, $5 \
             WHERE (SELECT COUNT(*) FROM meeting_prepared WHERE meeting_id = $2 AND kind = $3) < $6",
        )
        .bind(&p.id)
        .bind(&p.meeting_id)
        .bind(&p.kind)
        .bind(&p.definition)
        .bind(p.created_at)
        .bind(limit)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A meeting's prepared items of one kind, oldest first.
    pub async fn prepared(
        &self,
        meeting: &str,
        kind: &str,
    ) -> Result<Vec<PreparedRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, kind, definition, created_at FROM meeting_prepared \
             WHERE meeting_id = $1 AND kind = $2 ORDER BY created_at, id",
        )
        .bind(meeting.to_owned())
        .bind(kind.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(prepared_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Replaces a prepared item's definition; `false` if it does not exist.
    pub async fn update_prepared(
        &self,
        meeting: &str,
        kind: &str,
        id: &str,
        definition: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE meeting_prepared SET definition = $4 \
             WHERE meeting_id = $1 AND kind = $2 AND id = $3",
        )
        .bind(meeting.to_owned())
        .bind(kind.to_owned())
        .bind(id.to_owned())
        .bind(definition.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a prepared item; `false` if it does not exist.
    pub async fn delete_prepared(
        &self,
        meeting: &str,
        kind: &str,
        id: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM meeting_prepared WHERE meeting_id = $1 AND kind = $2 AND id = $3",
        )
        .bind(meeting.to_owned())
        .bind(kind.to_owned())
        .bind(id.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

//! Polls prepared with a meeting: their definitions as JSON, in the order they were added. Not
//! the validation of a definition (the controller checks it) nor who may see or change them.

use crate::error::StoreError;
use crate::store::Store;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored prepared poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedPollRecord {
    /// Id.
    pub id: String,
    /// The meeting.
    pub meeting_id: String,
    /// The poll's definition as JSON.
    pub definition: String,
    /// Created at (ms).
    pub created_at: i64,
}

fn prepared_poll_from_row(r: &AnyRow) -> Result<PreparedPollRecord, sqlx::Error> {
    Ok(PreparedPollRecord {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        definition: r.try_get("definition")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a prepared poll unless the meeting has `limit` already; `false` when it has.
    pub async fn add_prepared_poll(
        &self,
        p: &PreparedPollRecord,
        limit: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO meeting_polls (id, meeting_id, definition, created_at) \
             SELECT $1, $2, $3, $4 \
             WHERE (SELECT COUNT(*) FROM meeting_polls WHERE meeting_id = $2) < $5",
        )
        .bind(&p.id)
        .bind(&p.meeting_id)
        .bind(&p.definition)
        .bind(p.created_at)
        .bind(limit)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A meeting's prepared polls, oldest first.
    pub async fn prepared_polls(
        &self,
        meeting: &str,
    ) -> Result<Vec<PreparedPollRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, definition, created_at FROM meeting_polls \
             WHERE meeting_id = $1 ORDER BY created_at, id",
        )
        .bind(meeting.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(prepared_poll_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Replaces a prepared poll's definition; `false` if it does not exist.
    pub async fn update_prepared_poll(
        &self,
        meeting: &str,
        id: &str,
        definition: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE meeting_polls SET definition = $3 WHERE meeting_id = $1 AND id = $2",
        )
        .bind(meeting.to_owned())
        .bind(id.to_owned())
        .bind(definition.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a prepared poll; `false` if it does not exist.
    pub async fn delete_prepared_poll(&self, meeting: &str, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM meeting_polls WHERE meeting_id = $1 AND id = $2")
            .bind(meeting.to_owned())
            .bind(id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

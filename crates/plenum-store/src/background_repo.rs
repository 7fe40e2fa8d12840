//! A meeting's own background pictures (image bytes with their checked content type). Not the
//! validation of the pictures (the controller sniffs and limits them) nor who may see them.

use crate::error::StoreError;
use crate::store::Store;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored background picture without its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackgroundRecord {
    /// Id.
    pub id: String,
    /// The meeting.
    pub meeting_id: String,
    /// What participants see in the picker.
    pub name: String,
    /// `image/png`, `image/jpeg` or `image/webp`.
    pub content_type: String,
    /// Size of the picture in bytes.
    pub size: i64,
    /// Created at (ms).
    pub created_at: i64,
}

fn background_from_row(r: &AnyRow) -> Result<BackgroundRecord, sqlx::Error> {
    Ok(BackgroundRecord {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        name: r.try_get("name")?,
        content_type: r.try_get("content_type")?,
        size: r.try_get("size")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a picture unless the meeting has `limit` already; `false` when it has.
    pub async fn add_background(
        &self,
        b: &BackgroundRecord,
        image: &[u8],
        limit: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO meeting_backgrounds (id, meeting_id, name, content_type, image, created_at) \
             SELECT $1, $2, $3, $4, $5, $6 \
             WHERE (SELECT COUNT(*) FROM meeting_backgrounds WHERE meeting_id = $2) < $7",
        )
        .bind(&b.id)
        .bind(&b.meeting_id)
        .bind(&b.name)
        .bind(&b.content_type)
        .bind(image.to_vec())
        .bind(b.created_at)
        .bind(limit)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A meeting's pictures, oldest first.
    pub async fn backgrounds(&self, meeting: &str) -> Result<Vec<BackgroundRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, name, content_type, LENGTH(image) AS size, created_at \
             FROM meeting_backgrounds WHERE meeting_id = $1 ORDER BY created_at, id",
        )
        .bind(meeting.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(background_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// A picture's content type and bytes.
    pub async fn background_image(
        &self,
        meeting: &str,
        id: &str,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let row = sqlx::query(
            "SELECT content_type, image FROM meeting_backgrounds WHERE meeting_id = $1 AND id = $2",
        )
        .bind(meeting.to_owned())
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .map(|r| Ok::<_, sqlx::Error>((r.try_get("content_type")?, r.try_get("image")?)))
            .transpose()?)
    }

    /// Removes a picture; `false` if it does not exist.
    pub async fn delete_background(&self, meeting: &str, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM meeting_backgrounds WHERE meeting_id = $1 AND id = $2")
            .bind(meeting.to_owned())
            .bind(id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

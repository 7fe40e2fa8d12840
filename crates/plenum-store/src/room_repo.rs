//! Rooms: created by the controller, looked up when someone asks for a ticket.

use crate::error::StoreError;
use crate::store::Store;
use plenum_protocol::RoomId;
use sqlx::Row;
use std::future::Future;

/// A stored room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomRecord {
    /// Its id.
    pub id: RoomId,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    /// Hash of the owner's secret of an ad-hoc room (meetings' rooms have none).
    pub owner_key_hash: Option<String>,
    /// The account that created an ad-hoc room, if any.
    pub created_by: Option<String>,
}

/// What the controller needs to know about rooms.
pub trait RoomRepo {
    /// Stores a new room; [`StoreError::Conflict`] if the id exists.
    fn create_room(&self, room: &RoomRecord)
    -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The room with this id, if any.
    fn room(
        &self,
        id: &RoomId,
    ) -> impl Future<Output = Result<Option<RoomRecord>, StoreError>> + Send;
}

impl Store {
    /// Notes that someone asked to enter the room at `now` (ms).
    pub async fn touch_room(&self, id: &RoomId, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE rooms SET last_used_at = $2 WHERE id = $1")
            .bind(id.as_str())
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes ad-hoc rooms (not a meeting's) nobody entered since `before` (ms), with their
    /// records; returns how many.
    /// The rooms `owner` owns: ad-hoc rooms they created and their meetings' rooms.
    pub async fn rooms_owned_by(&self, owner: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT id FROM rooms WHERE created_by = $1 \
             UNION SELECT room_id AS id FROM meetings WHERE owner_id = $1",
        )
        .bind(owner.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get::<String, _>("id"))
            .collect::<Result<_, _>>()?)
    }

    pub async fn delete_unused_rooms(&self, before: i64) -> Result<u64, StoreError> {
        let unused = "SELECT r.id FROM rooms r WHERE COALESCE(r.last_used_at, r.created_at) < $1 \
             AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.room_id = r.id)";
        let mut tx = self.pool.begin().await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM records WHERE room_id IN ({unused})"
        )))
        .bind(before)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM rooms WHERE id IN ({unused})"
        )))
        .bind(before)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}

impl RoomRepo for Store {
    async fn create_room(&self, room: &RoomRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO rooms (id, created_at, owner_key_hash, created_by) VALUES ($1, $2, $3, $4)",
        )
        .bind(room.id.as_str())
        .bind(room.created_at)
        .bind(&room.owner_key_hash)
        .bind(&room.created_by)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn room(&self, id: &RoomId) -> Result<Option<RoomRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, created_at, owner_key_hash, created_by FROM rooms WHERE id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| -> Result<RoomRecord, sqlx::Error> {
            let id: String = r.try_get("id")?;
            Ok(RoomRecord {
                id: RoomId::parse(&id).ok_or_else(|| {
                    sqlx::Error::Decode(format!("stored room id {id:?} is malformed").into())
                })?,
                created_at: r.try_get("created_at")?,
                owner_key_hash: r.try_get("owner_key_hash")?,
                created_by: r.try_get("created_by")?,
            })
        })
        .transpose()
        .map_err(StoreError::from)
    }
}

//! Records: results a conference leaves behind (meeting reports, vote protocols; later poll
//! results, chat exports), stored by the node under an idempotent key and read by the owners
//! and moderators of the room's meeting (or the account that created an ad-hoc room).

use crate::error::StoreError;
use crate::store::Store;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRow {
    /// The key the node stored it under; storing the same key again replaces the record.
    pub key: String,
    /// Stable public id (derived from the key by the caller).
    pub id: String,
    /// The room it belongs to.
    pub room_id: String,
    /// What it is (`meeting_report`, …).
    pub kind: String,
    /// When the conference began (ms).
    pub started_at: i64,
    /// When it ended (ms); `None` for an intermediate record.
    pub ended_at: Option<i64>,
    /// How many people it concerns.
    pub participants: i64,
    /// Everyone's time inside, summed (meeting reports; 0 for other records).
    pub participant_ms: i64,
    /// The record as JSON.
    pub body: String,
    /// When it was stored (ms).
    pub stored_at: i64,
}

/// A record as a viewer may see it, with the title of its meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisibleRecord {
    /// The record.
    pub record: RecordRow,
    /// The meeting's title, when the room belongs to a meeting.
    pub title: Option<String>,
}

const SELECT_VISIBLE: &str = "SELECT r.record_key, r.id, r.room_id, r.kind, r.started_at, \
     r.ended_at, r.participants, r.participant_ms, r.body, r.stored_at, m.title \
     FROM records r \
     LEFT JOIN meetings m ON m.room_id = r.room_id \
     LEFT JOIN invitations i ON i.meeting_id = m.id AND i.user_id = $1 AND i.role = 'moderator' \
     LEFT JOIN rooms ro ON ro.id = r.room_id \
     WHERE (m.owner_id = $1 OR i.id IS NOT NULL OR ro.created_by = $1)";

fn visible_from_row(r: &AnyRow) -> Result<VisibleRecord, sqlx::Error> {
    Ok(VisibleRecord {
        record: RecordRow {
            key: r.try_get("record_key")?,
            id: r.try_get("id")?,
            room_id: r.try_get("room_id")?,
            kind: r.try_get("kind")?,
            started_at: r.try_get("started_at")?,
            ended_at: r.try_get("ended_at")?,
            participants: r.try_get("participants")?,
            participant_ms: r.try_get("participant_ms")?,
            body: r.try_get("body")?,
            stored_at: r.try_get("stored_at")?,
        },
        title: r.try_get("title")?,
    })
}

/// Usage of one room over a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomUsageRow {
    /// The room.
    pub room_id: String,
    /// Its meeting, if any.
    pub meeting_id: Option<String>,
    /// The meeting's title.
    pub title: Option<String>,
    /// The meeting's owner, or the account that created the ad-hoc room.
    pub owner_id: Option<String>,
    /// The owner's e-mail address.
    pub owner_email: Option<String>,
    /// Conferences that ended.
    pub conferences: i64,
    /// Everyone's time inside, summed.
    pub participant_ms: i64,
}

impl Store {
    /// Usage per room of the conferences that began in `[from, to)` (ms) and ended.
    pub async fn usage(&self, from: i64, to: i64) -> Result<Vec<RoomUsageRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.room_id, m.id AS meeting_id, m.title, \
             COALESCE(m.owner_id, ro.created_by) AS owner_id, u.email AS owner_email, \
             COUNT(*) AS conferences, CAST(SUM(r.participant_ms) AS BIGINT) AS participant_ms \
             FROM records r \
             LEFT JOIN meetings m ON m.room_id = r.room_id \
             LEFT JOIN rooms ro ON ro.id = r.room_id \
             LEFT JOIN users u ON u.id = COALESCE(m.owner_id, ro.created_by) \
             WHERE r.kind = 'meeting_report' AND r.ended_at IS NOT NULL \
             AND r.started_at >= $1 AND r.started_at < $2 \
             GROUP BY r.room_id, m.id, m.title, COALESCE(m.owner_id, ro.created_by), u.email \
             ORDER BY participant_ms DESC, r.room_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RoomUsageRow {
                    room_id: r.try_get("room_id")?,
                    meeting_id: r.try_get("meeting_id")?,
                    title: r.try_get("title")?,
                    owner_id: r.try_get("owner_id")?,
                    owner_email: r.try_get("owner_email")?,
                    conferences: r.try_get("conferences")?,
                    participant_ms: r.try_get("participant_ms")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Stores a record, replacing an earlier one with the same key (deliveries are retried).
    pub async fn put_record(&self, rec: &RecordRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO records (record_key, id, room_id, kind, started_at, ended_at, participants, participant_ms, body, stored_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (record_key) DO UPDATE SET ended_at = excluded.ended_at, \
             participants = excluded.participants, participant_ms = excluded.participant_ms, \
             body = excluded.body, stored_at = excluded.stored_at",
        )
        .bind(&rec.key)
        .bind(&rec.id)
        .bind(&rec.room_id)
        .bind(&rec.kind)
        .bind(rec.started_at)
        .bind(rec.ended_at)
        .bind(rec.participants)
        .bind(rec.participant_ms)
        .bind(&rec.body)
        .bind(rec.stored_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records of `kind` `viewer` may read, newest first (at most `limit`), optionally of one
    /// room.
    pub async fn visible_records(
        &self,
        viewer: &str,
        kind: &str,
        room: Option<&str>,
        limit: i64,
    ) -> Result<Vec<VisibleRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_VISIBLE} AND r.kind = $2 AND ($3 = '' OR r.room_id = $3) \
             ORDER BY r.started_at DESC, r.id LIMIT $4"
        )))
        .bind(viewer.to_owned())
        .bind(kind.to_owned())
        .bind(room.unwrap_or_default().to_owned())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(visible_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// The record of `kind` with this public id, if `viewer` may read it.
    pub async fn visible_record(
        &self,
        viewer: &str,
        kind: &str,
        id: &str,
    ) -> Result<Option<VisibleRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_VISIBLE} AND r.kind = $2 AND r.id = $3"
        )))
        .bind(viewer.to_owned())
        .bind(kind.to_owned())
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(visible_from_row).transpose()?)
    }
}

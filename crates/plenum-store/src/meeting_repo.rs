//! Meetings with their permanent rooms, single-occurrence changes and favourites.

use crate::error::StoreError;
use crate::store::Store;
use plenum_protocol::moderation::WaitingRoom;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingRecord {
    /// Id.
    pub id: String,
    /// Owner's user id.
    pub owner_id: String,
    /// The permanent room.
    pub room_id: String,
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Details.
    pub details: String,
    /// Argon2 hash of the guests' password.
    pub password_hash: Option<String>,
    /// The schedule as JSON.
    pub schedule: String,
    /// Who waits for admission.
    pub waiting_room: WaitingRoom,
    /// Microphones start muted.
    pub mute_on_entry: bool,
    /// Everyone but the chairs sees the simple meeting view.
    pub simple_mode: bool,
    /// The zone its conferences must run in (scale-out); `None`: any.
    pub zone: Option<String>,
    /// First start (UTC ms); `None` when unscheduled.
    pub first_start: Option<i64>,
    /// Last end (UTC ms); `None` when unscheduled or repeating forever.
    pub last_end: Option<i64>,
    /// Created at (ms).
    pub created_at: i64,
    /// Updated at (ms).
    pub updated_at: i64,
}

/// A change to one occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExceptionRecord {
    /// The occurrence's regular local start.
    pub original_start: String,
    /// Cancelled.
    pub cancelled: bool,
    /// Moved start.
    pub new_start: Option<String>,
    /// Moved end.
    pub new_end: Option<String>,
}

/// Which meetings to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingFilter {
    /// Owned by the viewer.
    Mine,
    /// The viewer is invited to.
    Invited,
    /// Both.
    All,
}

/// A meeting with the viewer's relation to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisibleMeeting {
    /// The meeting.
    pub meeting: MeetingRecord,
    /// The viewer's invitation role, if invited (`moderator`/`participant`).
    pub invitation_role: Option<String>,
    /// The viewer's invitation status, if invited.
    pub invitation_status: Option<String>,
    /// A favourite of the viewer's.
    pub favourite: bool,
}

/// The columns [`meeting_from_row`] reads, from the `meetings` table aliased `m`.
macro_rules! meeting_columns {
    () => {
        "m.id, m.owner_id, m.room_id, m.title, m.subtitle, m.details, m.password_hash, m.schedule, \
         m.waiting_room, m.mute_on_entry, m.simple_mode, m.zone, m.first_start, m.last_end, m.created_at, m.updated_at"
    };
}

/// Meetings with the relation of the viewer (`$1`) to each; [`visible_from_row`] reads a row.
const SELECT_VISIBLE: &str = concat!(
    "SELECT ",
    meeting_columns!(),
    ", i.role AS inv_role, i.status AS inv_status, \
     CASE WHEN f.meeting_id IS NULL THEN 0 ELSE 1 END AS favourite \
     FROM meetings m \
     LEFT JOIN invitations i ON i.meeting_id = m.id AND i.user_id = $1 \
     LEFT JOIN favourite_meetings f ON f.meeting_id = m.id AND f.user_id = $1 "
);

fn waiting_room_code(w: WaitingRoom) -> i64 {
    match w {
        WaitingRoom::Off => 0,
        WaitingRoom::Guests => 1,
        WaitingRoom::Everyone => 2,
    }
}

fn waiting_room_from(code: i64) -> WaitingRoom {
    match code {
        0 => WaitingRoom::Off,
        1 => WaitingRoom::Guests,
        _ => WaitingRoom::Everyone,
    }
}

fn meeting_from_row(r: &AnyRow) -> Result<MeetingRecord, sqlx::Error> {
    Ok(MeetingRecord {
        id: r.try_get("id")?,
        owner_id: r.try_get("owner_id")?,
        room_id: r.try_get("room_id")?,
        title: r.try_get("title")?,
        subtitle: r.try_get("subtitle")?,
        details: r.try_get("details")?,
        password_hash: r.try_get("password_hash")?,
        schedule: r.try_get("schedule")?,
        waiting_room: waiting_room_from(r.try_get("waiting_room")?),
        mute_on_entry: r.try_get::<i64, _>("mute_on_entry")? != 0,
        simple_mode: r.try_get::<i64, _>("simple_mode")? != 0,
        zone: r.try_get("zone")?,
        first_start: r.try_get("first_start")?,
        last_end: r.try_get("last_end")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn visible_from_row(r: &AnyRow) -> Result<VisibleMeeting, sqlx::Error> {
    Ok(VisibleMeeting {
        meeting: meeting_from_row(r)?,
        invitation_role: r.try_get("inv_role")?,
        invitation_status: r.try_get("inv_status")?,
        favourite: r.try_get::<i64, _>("favourite")? != 0,
    })
}

impl Store {
    /// Stores a meeting together with its new room, in one transaction.
    pub async fn create_meeting(&self, m: &MeetingRecord) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO rooms (id, created_at) VALUES ($1, $2)")
            .bind(&m.room_id)
            .bind(m.created_at)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO meetings (id, owner_id, room_id, title, subtitle, details, password_hash, schedule, \
             waiting_room, mute_on_entry, simple_mode, first_start, last_end, created_at, updated_at, zone) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(&m.id)
        .bind(&m.owner_id)
        .bind(&m.room_id)
        .bind(&m.title)
        .bind(&m.subtitle)
        .bind(&m.details)
        .bind(&m.password_hash)
        .bind(&m.schedule)
        .bind(waiting_room_code(m.waiting_room))
        .bind(i64::from(m.mute_on_entry))
        .bind(i64::from(m.simple_mode))
        .bind(m.first_start)
        .bind(m.last_end)
        .bind(m.created_at)
        .bind(m.updated_at)
        .bind(&m.zone)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes every mutable field; `false` if the meeting does not exist.
    pub async fn update_meeting(&self, m: &MeetingRecord) -> Result<bool, StoreError> {
        self.update_meeting_and_mail(m, &[]).await
    }

    /// Deletes a meeting with its room and the room's records, in one transaction: the
    /// meeting's link then leads nowhere. `false` if there was no such meeting.
    pub async fn delete_meeting(&self, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let room: Option<String> = sqlx::query_scalar("SELECT room_id FROM meetings WHERE id = $1")
            .bind(id.to_owned())
            .fetch_optional(&mut *tx)
            .await?;
        let Some(room) = room else {
            return Ok(false);
        };
        sqlx::query("DELETE FROM meetings WHERE id = $1")
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM records WHERE room_id = $1")
            .bind(&room)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM rooms WHERE id = $1")
            .bind(&room)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The meeting as `viewer` relates to it, if `viewer` owns it or is invited.
    pub async fn visible_meeting(
        &self,
        viewer: &str,
        id: &str,
    ) -> Result<Option<VisibleMeeting>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_VISIBLE} WHERE m.id = $2 AND (m.owner_id = $1 OR i.id IS NOT NULL)"
        )))
        .bind(viewer.to_owned())
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(visible_from_row).transpose()?)
    }

    /// The meeting owning this room, if any.
    pub async fn meeting_by_room(&self, room: &str) -> Result<Option<MeetingRecord>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            meeting_columns!(),
            " FROM meetings m WHERE m.room_id = $1"
        ))
        .bind(room.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(meeting_from_row).transpose()?)
    }

    /// Meetings visible to `viewer`, newest first; `offset`/`limit` paging.
    pub async fn visible_meetings(
        &self,
        viewer: &str,
        filter: MeetingFilter,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<VisibleMeeting>, StoreError> {
        let condition = match filter {
            MeetingFilter::Mine => "m.owner_id = $1",
            MeetingFilter::Invited => "i.id IS NOT NULL",
            MeetingFilter::All => "(m.owner_id = $1 OR i.id IS NOT NULL)",
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_VISIBLE} WHERE {condition} ORDER BY m.created_at DESC, m.id LIMIT $2 OFFSET $3"
        )))
        .bind(viewer.to_owned())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(visible_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Scheduled meetings visible to `viewer` that may have an occurrence between `from` and
    /// `to` (UTC ms); the caller expands them.
    pub async fn visible_meetings_between(
        &self,
        viewer: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<VisibleMeeting>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_VISIBLE} WHERE (m.owner_id = $1 OR i.id IS NOT NULL) AND m.first_start IS NOT NULL \
             AND m.first_start < $3 AND (m.last_end IS NULL OR m.last_end > $2) \
             AND (i.status IS NULL OR i.status <> 'declined') ORDER BY m.first_start, m.id"
        )))
        .bind(viewer.to_owned())
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(visible_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Single-occurrence changes of a meeting, by original start.
    pub async fn exceptions(&self, meeting: &str) -> Result<Vec<ExceptionRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT original_start, cancelled, new_start, new_end FROM meeting_exceptions \
             WHERE meeting_id = $1 ORDER BY original_start",
        )
        .bind(meeting.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ExceptionRecord {
                    original_start: r.try_get("original_start")?,
                    cancelled: r.try_get::<i64, _>("cancelled")? != 0,
                    new_start: r.try_get("new_start")?,
                    new_end: r.try_get("new_end")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Sets (replaces) the change of one occurrence.
    pub async fn put_exception(
        &self,
        meeting: &str,
        e: &ExceptionRecord,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO meeting_exceptions (meeting_id, original_start, cancelled, new_start, new_end) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (meeting_id, original_start) DO UPDATE \
             SET cancelled = excluded.cancelled, new_start = excluded.new_start, new_end = excluded.new_end",
        )
        .bind(meeting.to_owned())
        .bind(e.original_start.clone())
        .bind(i64::from(e.cancelled))
        .bind(e.new_start.clone())
        .bind(e.new_end.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes the change of one occurrence; `false` if there was none.
    pub async fn delete_exception(
        &self,
        meeting: &str,
        original_start: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM meeting_exceptions WHERE meeting_id = $1 AND original_start = $2",
        )
        .bind(meeting.to_owned())
        .bind(original_start.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks or unmarks a favourite meeting.
    pub async fn set_favourite_meeting(
        &self,
        user: &str,
        meeting: &str,
        on: bool,
    ) -> Result<(), StoreError> {
        let sql = if on {
            "INSERT INTO favourite_meetings (user_id, meeting_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM favourite_meetings WHERE user_id = $1 AND meeting_id = $2"
        };
        sqlx::query(sql)
            .bind(user.to_owned())
            .bind(meeting.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The viewer's favourite meetings.
    pub async fn favourite_meetings(
        &self,
        viewer: &str,
    ) -> Result<Vec<VisibleMeeting>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_VISIBLE} WHERE f.meeting_id IS NOT NULL AND (m.owner_id = $1 OR i.id IS NOT NULL) \
             ORDER BY m.title, m.id"
        )))
        .bind(viewer.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(visible_from_row)
            .collect::<Result<_, _>>()?)
    }
}

impl Store {
    /// Writes a changed meeting and queues the mails announcing the change, in one transaction.
    pub async fn update_meeting_and_mail(
        &self,
        m: &MeetingRecord,
        mails: &[crate::MailRecord],
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE meetings SET title = $2, subtitle = $3, details = $4, password_hash = $5, schedule = $6, \
             waiting_room = $7, mute_on_entry = $8, first_start = $9, last_end = $10, updated_at = $11, \
             simple_mode = $12, zone = $13 \
             WHERE id = $1",
        )
        .bind(&m.id)
        .bind(&m.title)
        .bind(&m.subtitle)
        .bind(&m.details)
        .bind(&m.password_hash)
        .bind(&m.schedule)
        .bind(waiting_room_code(m.waiting_room))
        .bind(i64::from(m.mute_on_entry))
        .bind(m.first_start)
        .bind(m.last_end)
        .bind(m.updated_at)
        .bind(i64::from(m.simple_mode))
        .bind(&m.zone)
        .execute(&mut *tx)
        .await?;
        for mail in mails {
            crate::mail_outbox::insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }
}

//! Invitations to meetings, and the mails announcing them, written together.

use crate::error::StoreError;
use crate::mail_outbox::{MailRecord, insert_mail};
use crate::store::Store;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationRecord {
    /// Id.
    pub id: String,
    /// The meeting.
    pub meeting_id: String,
    /// The invited user, if registered.
    pub user_id: Option<String>,
    /// The invitee's e-mail address, lowercase.
    pub email: String,
    /// `moderator` or `participant`.
    pub role: String,
    /// `pending`, `accepted` or `declined`.
    pub status: String,
    /// The invitation mail went out.
    pub mail_sent: bool,
    /// Created at (ms).
    pub created_at: i64,
}

fn invitation_from_row(r: &AnyRow) -> Result<InvitationRecord, sqlx::Error> {
    Ok(InvitationRecord {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        user_id: r.try_get("user_id")?,
        email: r.try_get("email")?,
        role: r.try_get("role")?,
        status: r.try_get("status")?,
        mail_sent: r.try_get::<i64, _>("mail_sent")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Stores invitations and their mails in one transaction: all or nothing.
    /// [`StoreError::Conflict`] if someone is invited already.
    pub async fn create_invitations(
        &self,
        invitations: &[InvitationRecord],
        mails: &[MailRecord],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for i in invitations {
            sqlx::query(
                "INSERT INTO invitations (id, meeting_id, user_id, email, role, status, mail_sent, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&i.id)
            .bind(&i.meeting_id)
            .bind(&i.user_id)
            .bind(&i.email)
            .bind(&i.role)
            .bind(&i.status)
            .bind(i64::from(i.mail_sent))
            .bind(i.created_at)
            .execute(&mut *tx)
            .await?;
        }
        for m in mails {
            insert_mail(&mut tx, m).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A meeting's invitations, oldest first.
    pub async fn invitations(&self, meeting: &str) -> Result<Vec<InvitationRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, user_id, email, role, status, mail_sent, created_at FROM invitations \
             WHERE meeting_id = $1 ORDER BY created_at, id",
        )
        .bind(meeting.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(invitation_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Records the invitee's answer; `false` if `user` is not invited.
    pub async fn answer_invitation(
        &self,
        meeting: &str,
        user: &str,
        status: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE invitations SET status = $3 WHERE meeting_id = $1 AND user_id = $2",
        )
        .bind(meeting.to_owned())
        .bind(user.to_owned())
        .bind(status.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Revokes an invitation; `false` if it does not exist.
    pub async fn delete_invitation(&self, meeting: &str, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM invitations WHERE meeting_id = $1 AND id = $2")
            .bind(meeting.to_owned())
            .bind(id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

//! Browser sessions and password-reset tokens. Only hashes of the secrets are stored.

use crate::error::StoreError;
use crate::store::Store;
use crate::user_repo::{UserRecord, user_columns, user_from_row};
use sqlx::Row;

/// How stale a session's last-use mark may get before a request refreshes it.
const SESSION_TOUCH_MS: i64 = 60_000;

impl Store {
    /// Stores a session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_used_at) VALUES ($1, $2, $3, $4, $3)")
            .bind(token_hash.to_owned())
            .bind(user.to_owned())
            .bind(now)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The enabled user of a session that has neither expired nor lain unused for `idle_ms`;
    /// marks the session used (at most once a minute, to spare the database a write per request).
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: i64,
        idle_ms: i64,
    ) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            ", s.last_used_at FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_used_at > $3 \
                 AND u.disabled = 0"
        ))
        .bind(token_hash.to_owned())
        .bind(now)
        .bind(now.saturating_sub(idle_ms))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let last_used: i64 = row.try_get("last_used_at")?;
        if now - last_used >= SESSION_TOUCH_MS {
            sqlx::query("UPDATE sessions SET last_used_at = $2 WHERE token_hash = $1")
                .bind(token_hash.to_owned())
                .bind(now)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(user_from_row(&row)?))
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of a user (password change, reset, deactivation).
    pub async fn delete_user_sessions(&self, user: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores a password-reset token.
    pub async fn create_password_reset(
        &self,
        token_hash: &str,
        user: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash.to_owned())
        .bind(user.to_owned())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Uses up a password-reset token: the user it was for, if it existed and had not expired.
    pub async fn take_password_reset(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let row =
            sqlx::query("SELECT user_id, expires_at FROM password_resets WHERE token_hash = $1")
                .bind(token_hash.to_owned())
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query("DELETE FROM password_resets WHERE token_hash = $1 OR expires_at <= $2")
            .bind(token_hash.to_owned())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let Some(row) = row else { return Ok(None) };
        let expires: i64 = row.try_get("expires_at")?;
        Ok((expires > now)
            .then(|| row.try_get("user_id"))
            .transpose()?)
    }
}

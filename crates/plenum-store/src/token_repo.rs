//! Personal API tokens. Only hashes of the secrets are stored.

use crate::error::StoreError;
use crate::store::Store;
use crate::user_repo::{UserRecord, user_columns, user_from_row};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored API token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenRecord {
    /// Id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// The owner's name for it.
    pub name: String,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// Comma-separated scopes.
    pub scopes: String,
    /// Created at (ms).
    pub created_at: i64,
    /// Last used at (ms).
    pub last_used_at: Option<i64>,
    /// Expires at (ms).
    pub expires_at: Option<i64>,
}

fn token_from_row(r: &AnyRow) -> Result<ApiTokenRecord, sqlx::Error> {
    Ok(ApiTokenRecord {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        name: r.try_get("name")?,
        token_hash: r.try_get("token_hash")?,
        scopes: r.try_get("scopes")?,
        created_at: r.try_get("created_at")?,
        last_used_at: r.try_get("last_used_at")?,
        expires_at: r.try_get("expires_at")?,
    })
}

impl Store {
    /// Stores a token.
    pub async fn create_token(&self, t: &ApiTokenRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, last_used_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&t.id)
        .bind(&t.user_id)
        .bind(&t.name)
        .bind(&t.token_hash)
        .bind(&t.scopes)
        .bind(t.created_at)
        .bind(t.last_used_at)
        .bind(t.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A user's tokens, newest first.
    pub async fn tokens(&self, user: &str) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, user_id, name, token_hash, scopes, created_at, last_used_at, expires_at \
             FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(user.to_owned())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(token_from_row).collect::<Result<_, _>>()?)
    }

    /// Revokes a user's token; `false` if it is not theirs.
    pub async fn delete_token(&self, user: &str, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2")
            .bind(user.to_owned())
            .bind(id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Revokes every token of a user (after a password change or reset).
    pub async fn delete_user_tokens(&self, user: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
            .bind(user.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The unexpired token with this hash and its enabled owner; records the use.
    pub async fn token_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<(ApiTokenRecord, UserRecord)>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT t.id AS t_id, t.user_id AS t_user_id, t.name AS t_name, t.token_hash AS t_token_hash, \
             t.scopes AS t_scopes, t.created_at AS t_created_at, t.last_used_at AS t_last_used_at, \
             t.expires_at AS t_expires_at, ",
            user_columns!(),
                " FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.disabled = 0"
        ))
        .bind(token_hash.to_owned())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let token = ApiTokenRecord {
            id: r.try_get("t_id")?,
            user_id: r.try_get("t_user_id")?,
            name: r.try_get("t_name")?,
            token_hash: r.try_get("t_token_hash")?,
            scopes: r.try_get("t_scopes")?,
            created_at: r.try_get("t_created_at")?,
            last_used_at: r.try_get("t_last_used_at")?,
            expires_at: r.try_get("t_expires_at")?,
        };
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(token.id.clone())
            .execute(&self.pool)
            .await?;
        Ok(Some((token, user_from_row(&r)?)))
    }
}

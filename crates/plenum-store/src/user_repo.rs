//! Accounts: users, their groups, recovery codes and favourite contacts.

use crate::error::StoreError;
use crate::store::Store;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    /// Id.
    pub id: String,
    /// E-mail address, lowercase.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Argon2 hash; `None` for accounts that only sign in through OpenID Connect.
    pub password_hash: Option<String>,
    /// `admin` or `user`.
    pub role: String,
    /// Preferred language.
    pub language: Option<String>,
    /// TOTP secret (base32), set from the start of enrolment.
    pub totp_secret: Option<String>,
    /// TOTP confirmed and required at sign-in.
    pub totp_enabled: bool,
    /// OpenID issuer of a linked identity.
    pub oidc_issuer: Option<String>,
    /// OpenID subject of a linked identity.
    pub oidc_subject: Option<String>,
    /// Picture URL from the identity provider.
    pub picture_url: Option<String>,
    /// Signing in is blocked.
    pub disabled: bool,
    /// Created at, ms since the Unix epoch.
    pub created_at: i64,
}

/// The columns [`user_from_row`] reads, from the `users` table aliased `u`.
macro_rules! user_columns {
    () => {
        "u.id, u.email, u.display_name, u.password_hash, u.role, u.language, u.totp_secret, \
         u.totp_enabled, u.oidc_issuer, u.oidc_subject, u.picture_url, u.disabled, u.created_at"
    };
}
pub(crate) use user_columns;

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds `$1`..`$12` in the order `create_user` and `update_user` name them.
fn bind_user<'q>(q: AnyQuery<'q>, u: &UserRecord) -> AnyQuery<'q> {
    q.bind(u.id.clone())
        .bind(u.email.clone())
        .bind(u.display_name.clone())
        .bind(u.password_hash.clone())
        .bind(u.role.clone())
        .bind(u.language.clone())
        .bind(u.totp_secret.clone())
        .bind(i64::from(u.totp_enabled))
        .bind(u.oidc_issuer.clone())
        .bind(u.oidc_subject.clone())
        .bind(u.picture_url.clone())
        .bind(i64::from(u.disabled))
}

pub(crate) fn user_from_row(r: &AnyRow) -> Result<UserRecord, sqlx::Error> {
    Ok(UserRecord {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        display_name: r.try_get("display_name")?,
        password_hash: r.try_get("password_hash")?,
        role: r.try_get("role")?,
        language: r.try_get("language")?,
        totp_secret: r.try_get("totp_secret")?,
        totp_enabled: r.try_get::<i64, _>("totp_enabled")? != 0,
        oidc_issuer: r.try_get("oidc_issuer")?,
        oidc_subject: r.try_get("oidc_subject")?,
        picture_url: r.try_get("picture_url")?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a new user; [`StoreError::Conflict`] if the e-mail or identity is taken.
    pub async fn create_user(&self, u: &UserRecord) -> Result<(), StoreError> {
        bind_user(
            sqlx::query(
                "INSERT INTO users (id, email, display_name, password_hash, role, language, totp_secret, \
                 totp_enabled, oidc_issuer, oidc_subject, picture_url, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            ),
            u,
        )
        .bind(u.created_at)
        .execute(&self.pool)
        .await?;
        // E-mail invitations sent before the account existed now belong to it.
        sqlx::query("UPDATE invitations SET user_id = $1 WHERE email = $2 AND user_id IS NULL")
            .bind(&u.id)
            .bind(&u.email)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Creates the first account, but only if none exists yet: of several concurrent calls
    /// exactly one succeeds (the claim of the one-row `first_run` table decides).
    /// `false` when an account existed or another setup won.
    pub async fn create_first_user(&self, u: &UserRecord) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let claimed = sqlx::query("INSERT INTO first_run (id) VALUES (1)")
            .execute(&mut *tx)
            .await;
        match claimed {
            Ok(_) => {}
            Err(e) => match StoreError::from(e) {
                StoreError::Conflict => return Ok(false),
                other => return Err(other),
            },
        }
        let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&mut *tx)
            .await?;
        if existing > 0 {
            return Ok(false);
        }
        bind_user(
            sqlx::query(
                "INSERT INTO users (id, email, display_name, password_hash, role, language, totp_secret, \
                 totp_enabled, oidc_issuer, oidc_subject, picture_url, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            ),
            u,
        )
        .bind(u.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn one_user(
        &self,
        sql: &'static str,
        a: &str,
        b: Option<&str>,
    ) -> Result<Option<UserRecord>, StoreError> {
        let mut q = sqlx::query(sql).bind(a.to_owned());
        if let Some(b) = b {
            q = q.bind(b.to_owned());
        }
        let row = q.fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(user_from_row).transpose()?)
    }

    /// The user with this id.
    pub async fn user(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        self.one_user(
            concat!("SELECT ", user_columns!(), " FROM users u WHERE u.id = $1"),
            id,
            None,
        )
        .await
    }

    /// The user with this (lowercase) e-mail address.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        self.one_user(
            concat!(
                "SELECT ",
                user_columns!(),
                " FROM users u WHERE u.email = $1"
            ),
            email,
            None,
        )
        .await
    }

    /// The user linked to this OpenID identity.
    pub async fn user_by_oidc(
        &self,
        issuer: &str,
        subject: &str,
    ) -> Result<Option<UserRecord>, StoreError> {
        self.one_user(
            concat!(
                "SELECT ",
                user_columns!(),
                " FROM users u WHERE u.oidc_issuer = $1 AND u.oidc_subject = $2"
            ),
            issuer,
            Some(subject),
        )
        .await
    }

    /// How many accounts exist.
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Writes every mutable field of `u`; `false` if the user does not exist.
    pub async fn update_user(&self, u: &UserRecord) -> Result<bool, StoreError> {
        let done = bind_user(
            sqlx::query(
                "UPDATE users SET email = $2, display_name = $3, password_hash = $4, role = $5, language = $6, \
                 totp_secret = $7, totp_enabled = $8, oidc_issuer = $9, oidc_subject = $10, picture_url = $11, \
                 disabled = $12 WHERE id = $1",
            ),
            u,
        )
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a user and everything that belongs to them; `false` if absent.
    pub async fn delete_user(&self, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Meetings reference rooms; delete the user's meetings' rows first (cascades invitations).
        sqlx::query("DELETE FROM meetings WHERE owner_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Users ordered by e-mail, after `after` (an e-mail), at most `limit`.
    pub async fn list_users(
        &self,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<UserRecord>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u WHERE u.email > $1 ORDER BY u.email LIMIT $2"
        ))
        .bind(after.unwrap_or("").to_owned())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(user_from_row).collect::<Result<_, _>>()?)
    }

    /// The address book as `viewer` sees it: users whose name or e-mail contains `query`
    /// (case-insensitive), favourites first, then by name; `offset`/`limit` paging.
    pub async fn search_users(
        &self,
        viewer: &str,
        query: &str,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<(UserRecord, bool)>, StoreError> {
        let query = query.to_lowercase();
        let pattern = format!("%{}%", query.replace(['%', '_'], ""));
        // Fewer than three characters find only favourites; otherwise names that contain the
        // query, and the account whose address it is exactly. Nobody can list every account.
        let searching = i64::from(query.chars().count() >= 3);
        let rows = sqlx::query(
            concat!(
                "SELECT ",
                user_columns!(),
                ", CASE WHEN f.favourite_id IS NULL THEN 0 ELSE 1 END AS favourite \
                 FROM users u LEFT JOIN favourite_users f ON f.user_id = $1 AND f.favourite_id = u.id \
                 WHERE u.disabled = 0 AND (\
                   (f.favourite_id IS NOT NULL AND (LOWER(u.display_name) LIKE $2 OR u.email LIKE $2)) \
                   OR ($5 = 1 AND (LOWER(u.display_name) LIKE $2 OR u.email = $6))) \
                 ORDER BY favourite DESC, LOWER(u.display_name), u.id LIMIT $3 OFFSET $4"
            ),
        )
        .bind(viewer.to_owned())
        .bind(pattern)
        .bind(limit)
        .bind(offset)
        .bind(searching)
        .bind(query)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((user_from_row(r)?, r.try_get::<i64, _>("favourite")? != 0)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Marks or unmarks `favourite` as a favourite contact of `user`.
    pub async fn set_favourite_user(
        &self,
        user: &str,
        favourite: &str,
        on: bool,
    ) -> Result<(), StoreError> {
        if on {
            sqlx::query(
                "INSERT INTO favourite_users (user_id, favourite_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(user.to_owned())
            .bind(favourite.to_owned())
            .execute(&self.pool)
            .await?;
        } else {
            sqlx::query("DELETE FROM favourite_users WHERE user_id = $1 AND favourite_id = $2")
                .bind(user.to_owned())
                .bind(favourite.to_owned())
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Replaces the user's groups.
    pub async fn set_groups(&self, user: &str, groups: &[String]) -> Result<(), StoreError> {
        self.replace_user_rows(
            "DELETE FROM user_groups WHERE user_id = $1",
            "INSERT INTO user_groups (user_id, name) VALUES ($1, $2)",
            user,
            groups,
        )
        .await
    }

    /// Replaces all rows of a per-user list in one transaction.
    async fn replace_user_rows(
        &self,
        delete: &'static str,
        insert: &'static str,
        user: &str,
        values: &[String],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(delete)
            .bind(user.to_owned())
            .execute(&mut *tx)
            .await?;
        for v in values {
            sqlx::query(insert)
                .bind(user.to_owned())
                .bind(v.clone())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The user's groups, sorted.
    pub async fn groups(&self, user: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT name FROM user_groups WHERE user_id = $1 ORDER BY name")
            .bind(user.to_owned())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get("name"))
            .collect::<Result<_, _>>()?)
    }

    /// Replaces the user's recovery codes (hashes).
    pub async fn set_recovery_codes(
        &self,
        user: &str,
        hashes: &[String],
    ) -> Result<(), StoreError> {
        self.replace_user_rows(
            "DELETE FROM recovery_codes WHERE user_id = $1",
            "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)",
            user,
            hashes,
        )
        .await
    }

    /// Uses up a recovery code; `true` if it existed.
    pub async fn use_recovery_code(&self, user: &str, hash: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2")
            .bind(user.to_owned())
            .bind(hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

impl Store {
    /// Accepts a TOTP time step for `user` if it is later than every step accepted before;
    /// `false` means the code was used already.
    pub async fn claim_totp_step(&self, user: &str, step: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
        )
        .bind(user.to_owned())
        .bind(step)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

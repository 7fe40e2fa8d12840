//! Personal API tokens for integrations: scoped, revocable, shown once.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// What a token may do.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Read the user's meetings and profile.
    Read,
    /// Create, change and delete the user's meetings and invitations.
    Write,
    /// Use the administration endpoints (only administrators can create such a token).
    Admin,
}

/// A token (without its secret), `GET /api/v1/me/tokens`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ApiTokenInfo {
    /// Token id.
    pub id: String,
    /// The user's name for it.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<TokenScope>,
    /// Created at.
    pub created_at: String,
    /// Last used at, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_used_at: Option<String>,
    /// Expires at, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expires_at: Option<String>,
}

/// `POST /api/v1/me/tokens` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// A name to recognise it by.
    pub name: String,
    /// What it may do (at least one).
    pub scopes: Vec<TokenScope>,
    /// Days until it expires (1–3650; 90 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expires_in_days: Option<u32>,
}

/// Answer of `POST /api/v1/me/tokens`: the secret, shown this once. Send it as
/// `Authorization: Bearer <token>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CreatedToken {
    /// The secret.
    pub token: String,
    /// The token's details.
    pub info: ApiTokenInfo,
}

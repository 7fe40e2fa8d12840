//! Signing in and out, first-run setup, password reset, and what the login page needs to know.

use super::users::Me;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// `GET /api/v1/auth/config`: how people can sign in here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct AuthConfig {
    /// E-mail and password accounts are enabled.
    pub local_login: bool,
    /// An OpenID provider is configured; sign in at `GET /api/v1/auth/oidc/login`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub oidc: Option<OidcInfo>,
    /// No account exists yet: the first-run setup (`POST /api/v1/auth/setup`) is open.
    pub setup_required: bool,
    /// The setup needs the code `plenum serve` printed (the request does not come from the
    /// server itself).
    #[serde(default)]
    pub setup_code_required: bool,
    /// Anyone may start an ad-hoc meeting without an account.
    pub allow_anonymous_rooms: bool,
    /// How the German interface addresses people (the installation's choice).
    pub german_address: GermanAddress,
}

/// Formal ("Sie") or informal ("du") German.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GermanAddress {
    /// "Sie": councils, administrations, companies, letters to parents.
    #[default]
    Formal,
    /// "du": schools, youth groups, informal teams.
    Informal,
}

/// The configured OpenID provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct OidcInfo {
    /// What to call it on the login button ("Sign in with …").
    pub display_name: String,
}

/// `POST /api/v1/auth/login` body. On success the session cookie is set and [`Me`] returned;
/// a `401` with code `totp_required` asks for `totp_code` (or a recovery code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
    /// The current six-digit code of the authenticator app, or one recovery code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub totp_code: Option<String>,
}

/// `POST /api/v1/auth/setup` body: creates the first account, an administrator, and signs in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    /// E-mail address.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// At least 10 characters.
    pub password: String,
    /// The setup code `plenum serve` printed when it started; needed unless the request comes
    /// from the server itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub setup_code: Option<String>,
}

/// `POST /api/v1/auth/password-reset` body: mails a reset link if the account exists (the
/// answer is the same either way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    /// E-mail address.
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The token from the mailed link.
    pub token: String,
    /// The new password (at least 10 characters).
    pub password: String,
}

/// Answer of login and setup.
pub type LoginResponse = Me;

//! The signed-in user, their settings and two-factor authentication, the address book, and user
//! administration.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// What a user may do on this installation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserRole {
    /// Manages users and the installation.
    Admin,
    /// Plans and joins meetings.
    User,
}

/// Where an account's identity comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthSource {
    /// E-mail and password kept by Plenum.
    Local,
    /// An OpenID provider.
    Oidc,
}

/// `GET /api/v1/me`: the signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Me {
    /// User id.
    pub id: String,
    /// E-mail address.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Role.
    pub role: UserRole,
    /// Preferred interface language (`de`, `en`), if chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub language: Option<String>,
    /// Two-factor authentication is on.
    pub totp_enabled: bool,
    /// Picture from the identity provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub picture_url: Option<String>,
    /// Groups (from the identity provider or assigned here).
    pub groups: Vec<String>,
    /// Where the identity comes from.
    pub auth_source: AuthSource,
}

/// `PATCH /api/v1/me` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub display_name: Option<String>,
    /// New language (`de`, `en`), or an empty string for the browser's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub language: Option<String>,
}

/// `POST /api/v1/me/password` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    /// The current password.
    pub current_password: String,
    /// The new password (at least 10 characters).
    pub new_password: String,
}

/// `POST /api/v1/me/totp`: starts enrolment; confirm with a code to switch it on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct TotpEnrollment {
    /// The secret, base32, for typing into an app by hand.
    pub secret: String,
    /// The `otpauth://` URL the QR code encodes.
    pub otpauth_url: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// `POST /api/v1/me/totp/confirm` and `DELETE /api/v1/me/totp` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    /// A current six-digit code (to switch off: or a recovery code).
    pub code: String,
}

/// Answer of `POST /api/v1/me/totp/confirm`: one-time recovery codes, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct RecoveryCodes {
    /// Ten codes; each works once instead of a six-digit code.
    pub codes: Vec<String>,
}

/// Someone in the address book (`GET /api/v1/users?q=…`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct UserSummary {
    /// User id.
    pub id: String,
    /// Name shown to others.
    pub display_name: String,
    /// E-mail address.
    pub email: String,
    /// Marked as a favourite contact by the caller.
    pub favourite: bool,
}

/// A user as administrators see them (`GET /api/v1/admin/users`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct AdminUser {
    /// User id.
    pub id: String,
    /// E-mail address.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Role.
    pub role: UserRole,
    /// Signing in is blocked.
    pub disabled: bool,
    /// Two-factor authentication is on.
    pub totp_enabled: bool,
    /// Where the identity comes from.
    pub auth_source: AuthSource,
    /// When the account was created.
    pub created_at: String,
}

/// `POST /api/v1/admin/users` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// E-mail address.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Initial password (at least 10 characters).
    pub password: String,
    /// Role.
    pub role: UserRole,
}

/// `PATCH /api/v1/admin/users/{id}` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub display_name: Option<String>,
    /// New role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role: Option<UserRole>,
    /// Block or allow signing in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub disabled: Option<bool>,
}

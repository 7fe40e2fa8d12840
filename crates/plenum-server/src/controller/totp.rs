//! Two-factor authentication with time-based one-time passwords (RFC 6238): enrolment with a
//! QR code, confirmation, recovery codes, switching off, and checking at sign-in.

use super::Controller;
use super::auth::Caller;
use super::secret_hash::hash_secret;
use crate::audit::AuditEvent;
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use plenum_protocol::api::{RecoveryCodes, TotpCode, TotpEnrollment};
use plenum_store::UserRecord;
use qrcode::QrCode;
use qrcode::render::svg;
use std::sync::Arc;
use totp_rs::{Builder, Secret, Totp};

fn totp_for(email: &str, secret_base32: &str) -> Result<Totp, ApiError> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|e| ApiError::Internal(format!("stored TOTP secret: {e:?}")))?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(email)
        .with_issuer(Some("Plenum"))
        .build()
        .map_err(|e| ApiError::Internal(format!("TOTP: {e:?}")))
}

fn now_secs() -> u64 {
    crate::unix_millis() / 1000
}

/// Whether `code` is a current six-digit code (one step of clock skew allowed) that was not
/// used before; it is then used up (RFC 6238, section 5.2).
async fn check(c: &Controller, user: &UserRecord, code: &str) -> Result<bool, ApiError> {
    let Some(stored) = user.totp_secret.as_deref() else {
        return Ok(false);
    };
    let secret = c
        .secrets
        .open(stored)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let code: String = code.chars().filter(|ch| !ch.is_whitespace()).collect();
    match totp_for(&user.email, &secret)?.check(&code, now_secs()) {
        Some(step) => Ok(c.store.claim_totp_step(&user.id, step as i64).await?),
        None => Ok(false),
    }
}

/// A current, unused code, or one unused recovery code (either is then used up).
pub async fn check_code_or_recovery(
    c: &Controller,
    user: &UserRecord,
    code: &str,
) -> Result<bool, ApiError> {
    if check(c, user, code).await? {
        return Ok(true);
    }
    let normalised: String = code
        .trim()
        .to_lowercase()
        .chars()
        .filter(|ch| *ch != '-' && *ch != ' ')
        .collect();
    Ok(c.store
        .use_recovery_code(&user.id, &hash_secret(&normalised))
        .await?)
}

fn local_only(caller: &Caller) -> Result<(), ApiError> {
    if caller.user.password_hash.is_none() {
        return Err(ApiError::forbidden(
            "two-factor authentication of this account is managed by its identity provider",
        ));
    }
    Ok(())
}

pub(super) async fn enrol(
    State(c): State<Arc<Controller>>,
    caller: Caller,
) -> Result<Json<TotpEnrollment>, ApiError> {
    local_only(&caller)?;
    if caller.user.totp_enabled {
        return Err(ApiError::Conflict(
            "two-factor authentication is already on".into(),
        ));
    }
    let mut bytes = [0u8; 20];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| ApiError::Internal("random bytes".into()))?;
    let secret = Secret::from(bytes.to_vec()).to_base32();
    let mut user = caller.user.clone();
    user.totp_secret = Some(c.secrets.seal(&secret));
    c.store.update_user(&user).await?;
    let url = totp_for(&user.email, &secret)?
        .to_url()
        .map_err(|e| ApiError::Internal(format!("TOTP URL: {e:?}")))?;
    let qr =
        QrCode::new(url.as_bytes()).map_err(|e| ApiError::Internal(format!("QR code: {e}")))?;
    let qr_svg = qr
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Ok(Json(TotpEnrollment {
        secret,
        otpauth_url: url,
        qr_svg,
    }))
}

fn recovery_code() -> Result<String, ApiError> {
    let raw = crate::secret::random_id(10);
    Ok(format!("{}-{}", &raw[..5], &raw[5..]))
}

pub(super) async fn confirm(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: ClientAddr,
    body: Result<Json<TotpCode>, JsonRejection>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    let Json(req) = body?;
    local_only(&caller)?;
    if caller.user.totp_enabled {
        return Err(ApiError::Conflict(
            "two-factor authentication is already on".into(),
        ));
    }
    if caller.user.totp_secret.is_none() {
        return Err(ApiError::Conflict("start the enrolment first".into()));
    }
    if !check(&c, &caller.user, &req.code).await? {
        return Err(ApiError::field(
            "code",
            "the code does not match; check the time on your phone",
        ));
    }
    let codes: Vec<String> = (0..10).map(|_| recovery_code()).collect::<Result<_, _>>()?;
    let hashes: Vec<String> = codes
        .iter()
        .map(|code| hash_secret(&code.replace('-', "")))
        .collect();
    c.store.set_recovery_codes(&caller.user.id, &hashes).await?;
    let mut user = caller.user;
    user.totp_enabled = true;
    c.store.update_user(&user).await?;
    c.audit(
        &client,
        AuditEvent::TwoFactorChanged {
            user: user.id.clone(),
            enabled: true,
        },
    );
    Ok(Json(RecoveryCodes { codes }))
}

pub(super) async fn disable(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: ClientAddr,
    body: Result<Json<TotpCode>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(req) = body?;
    if !caller.user.totp_enabled {
        return Err(ApiError::Conflict(
            "two-factor authentication is off".into(),
        ));
    }
    c.throttle.totp(&client, &caller.user.id).await?;
    if !check_code_or_recovery(&c, &caller.user, &req.code).await? {
        return Err(ApiError::field("code", "the code does not match"));
    }
    let mut user = caller.user;
    user.totp_enabled = false;
    user.totp_secret = None;
    c.store.update_user(&user).await?;
    c.store.set_recovery_codes(&user.id, &[]).await?;
    c.audit(
        &client,
        AuditEvent::TwoFactorChanged {
            user: user.id.clone(),
            enabled: false,
        },
    );
    Ok(StatusCode::NO_CONTENT)
}

/// The code for a base32 secret at `offset_secs` from now (tests use it to sign in).
pub fn code_at(email: &str, secret_base32: &str, offset_secs: i64) -> Option<String> {
    let time = now_secs().checked_add_signed(offset_secs)?;
    totp_for(email, secret_base32)
        .ok()
        .map(|t| t.generate(time).to_string())
}

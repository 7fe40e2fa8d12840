//! The security audit log: one JSON object per line for every security-relevant event —
//! sign-ins and their failures, throttling, refused requests (authentication, CSRF,
//! permissions), two-factor changes, API tokens, role changes, deletions, administrators'
//! actions and refused join tickets. Written to `<data_dir>/audit.log` (mode 0600), apart from
//! the diagnostic log. It never holds secrets, passwords, codes or tokens; rooms appear only as
//! a hash of their id (the id is the key to the room), unknown e-mail addresses only as a hash.

use crate::client_addr::ClientAddr;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// What happened.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AuditEvent {
    /// Someone signed in.
    SignedIn {
        /// The account.
        user: String,
        /// `password`, `password_and_code`, `recovery_code`, `oidc`.
        method: &'static str,
    },
    /// A sign-in failed.
    SignInFailed {
        /// The account, if the address belongs to one.
        user: Option<String>,
        /// A hash of the address given, when it belongs to no account.
        address_hash: Option<String>,
        /// `wrong_password`, `wrong_code`, `unknown_account`, `disabled`, `sso_*`.
        reason: &'static str,
    },
    /// A request was refused by a rate limit.
    Throttled {
        /// Which limit.
        limit: &'static str,
    },
    /// A request was refused: missing or wrong authentication, missing CSRF header, or no
    /// permission.
    Refused {
        /// HTTP status (401 or 403).
        status: u16,
        /// Method.
        method: String,
        /// The route's pattern (ids are not logged).
        route: String,
    },
    /// The first administrator was created.
    SetupCompleted {
        /// The account.
        user: String,
    },
    /// Two-factor authentication was switched on or off.
    TwoFactorChanged {
        /// The account.
        user: String,
        /// Now on.
        enabled: bool,
    },
    /// A password was changed or reset.
    PasswordChanged {
        /// The account.
        user: String,
        /// Through a mailed reset link.
        reset: bool,
    },
    /// An API token was created.
    TokenCreated {
        /// The account.
        user: String,
        /// The token's id (never its secret).
        token: String,
        /// Its scopes.
        scopes: Vec<String>,
    },
    /// An API token was revoked.
    TokenRevoked {
        /// The account.
        user: String,
        /// The token's id.
        token: String,
    },
    /// An account was created, changed or deleted by an administrator, or changed by the
    /// identity provider (`by` absent).
    AccountChanged {
        /// The account.
        user: String,
        /// The administrator.
        by: Option<String>,
        /// `created`, `role_admin`, `role_user`, `disabled`, `enabled`, `deleted`, `linked`.
        change: &'static str,
    },
    /// A meeting was deleted.
    MeetingDeleted {
        /// The meeting.
        meeting: String,
        /// By whom.
        by: String,
    },
    /// A node refused a join ticket.
    TicketRefused {
        /// A hash of the room's id.
        room_hash: String,
        /// `invalid`, `expired`, `wrong_room`, `reused`.
        reason: String,
    },
}

#[derive(Serialize)]
struct Line<'a> {
    ts: u64,
    client: String,
    #[serde(flatten)]
    event: &'a AuditEvent,
}

/// Where audit events go.
pub struct Audit {
    file: Option<Mutex<std::fs::File>>,
}

impl Audit {
    /// An audit log appending to `path` (created with mode 0600).
    pub fn open(path: &Path) -> std::io::Result<Audit> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        Ok(Audit {
            file: Some(Mutex::new(options.open(path)?)),
        })
    }

    /// An audit log that writes nowhere (tools and tests that do not look at it).
    pub fn discard() -> Audit {
        Audit { file: None }
    }

    /// Records one event from `client`.
    pub fn record(&self, client: &ClientAddr, event: AuditEvent) {
        let Some(file) = &self.file else { return };
        let line = Line {
            ts: crate::unix_millis(),
            client: client.to_string(),
            event: &event,
        };
        let mut text = serde_json::to_string(&line).expect("audit lines serialise infallibly");
        text.push('\n');
        let written = file
            .lock()
            .expect("audit lock is never poisoned: no panics while held")
            .write_all(text.as_bytes());
        if let Err(e) = written {
            tracing::error!(error = %e, "the audit log could not be written");
        }
    }
}

/// A hash that names a room (or an address) in the audit log without revealing it.
pub fn pseudonym(value: &str) -> String {
    crate::controller::secret_hash::hash_secret(&format!("plenum audit\0{value}"))[..16].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_json_with_time_client_and_event() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("audit.log");
        let audit = Audit::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let client = ClientAddr("198.51.100.7".parse().ok());
        audit.record(&client, AuditEvent::Throttled { limit: "login" });
        audit.record(
            &client,
            AuditEvent::TicketRefused {
                room_hash: pseudonym("room-id"),
                reason: "expired".into(),
            },
        );
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_default())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["event"], "throttled");
        assert_eq!(lines[0]["client"], "198.51.100.7");
        assert_eq!(lines[1]["reason"], "expired");
        assert!(!text.contains("room-id"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .map(|m| m.permissions().mode())
                .unwrap_or(0);
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}

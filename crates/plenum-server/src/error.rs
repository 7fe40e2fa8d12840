//! The one place where typed errors become HTTP responses and WebSocket close codes.

use crate::ticket::TicketError;
use axum::Json;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use plenum_protocol::api::{ApiError as ApiErrorBody, ApiErrorBody as Body};
use plenum_protocol::{CloseCode, ErrorCode};
use plenum_store::StoreError;

/// An error of the REST API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed or a field is invalid.
    #[error("{message}")]
    InvalidRequest {
        /// What is wrong.
        message: String,
        /// The field at fault.
        field: Option<&'static str>,
    },
    /// Authentication is missing or wrong.
    #[error("{message}")]
    Unauthorized {
        /// What is missing.
        message: &'static str,
        /// The field at fault (for example `password`).
        field: Option<&'static str>,
    },
    /// The password was right; the two-factor code is needed.
    #[error("two-factor code required")]
    TotpRequired,
    /// The caller may not do this.
    #[error("{message}")]
    Forbidden {
        /// Why.
        message: &'static str,
        /// The field at fault.
        field: Option<&'static str>,
    },
    /// Not found, or not visible to the caller.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Conflicts with what exists.
    #[error("{0}")]
    Conflict(String),
    /// The request body exceeds the limit.
    #[error("request body too large")]
    TooLarge,
    /// Too many requests from this client.
    #[error("too many requests; try again in a minute")]
    RateLimited,
    /// Storage failed (or, for [`StoreError::Unavailable`], cannot be reached now).
    #[error("{}", match .0 { StoreError::Unavailable(_) => "the database cannot be reached; try again in a moment", _ => "storage failed" })]
    Store(#[from] StoreError),
    /// A service the request needs is away for now (no conference node, cluster state
    /// unreachable); the message says which, and retrying later may succeed.
    #[error("{0}")]
    Unavailable(String),
    /// A limit of rooms or people at once is reached (the message says which).
    #[error("{0}")]
    LimitReached(String),
    /// Something else failed on the server.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// An invalid field.
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        ApiError::InvalidRequest {
            message: message.into(),
            field: Some(field),
        }
    }

    /// Not allowed, without a field.
    pub fn forbidden(message: &'static str) -> Self {
        ApiError::Forbidden {
            message,
            field: None,
        }
    }

    /// Authentication needed, without a field.
    pub fn unauthorized(message: &'static str) -> Self {
        ApiError::Unauthorized {
            message,
            field: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, field) = match &self {
            ApiError::InvalidRequest { field, .. } => {
                (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, *field)
            }
            ApiError::Unauthorized { field, .. } => {
                (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, *field)
            }
            ApiError::TotpRequired => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::TotpRequired,
                Some("totp_code"),
            ),
            ApiError::Forbidden { field, .. } => {
                (StatusCode::FORBIDDEN, ErrorCode::Forbidden, *field)
            }
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound, None),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, ErrorCode::Conflict, None),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::InvalidRequest,
                None,
            ),
            ApiError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, None),
            ApiError::LimitReached(_) => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorCode::LimitReached, None)
            }
            ApiError::Store(StoreError::Unavailable(e)) => {
                tracing::warn!(error = %e, "database unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    None,
                )
            }
            ApiError::Store(e) => {
                tracing::error!(error = %e, "storage failed");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, None)
            }
            ApiError::Unavailable(e) => {
                tracing::warn!(error = %e, "service unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    None,
                )
            }
            ApiError::Internal(e) => {
                tracing::error!(error = %e, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, None)
            }
        };
        let body = ApiErrorBody {
            error: Body {
                code,
                message: self.to_string(),
                field: field.map(str::to_owned),
            },
        };
        (status, Json(body)).into_response()
    }
}

/// A refused request body: too large, or unreadable for the reason axum gives.
fn rejected_body(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge
    } else {
        ApiError::InvalidRequest {
            message: text,
            field: None,
        }
    }
}

impl From<plenum_cluster::ClusterError> for ApiError {
    fn from(e: plenum_cluster::ClusterError) -> Self {
        match e {
            plenum_cluster::ClusterError::NoNode { .. } => {
                ApiError::Unavailable(format!("{e}; try again in a moment"))
            }
            plenum_cluster::ClusterError::Unavailable(_) => ApiError::Unavailable(
                "the cluster state cannot be reached; try again in a moment".into(),
            ),
            plenum_cluster::ClusterError::Malformed(_) => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        rejected_body(e.status(), e.body_text())
    }
}

impl From<BytesRejection> for ApiError {
    fn from(e: BytesRejection) -> Self {
        rejected_body(e.status(), e.body_text())
    }
}

/// The close code for a refused ticket.
pub fn ticket_close_code(e: TicketError) -> CloseCode {
    match e {
        TicketError::Invalid => CloseCode::TicketInvalid,
        TicketError::Expired => CloseCode::TicketExpired,
        TicketError::WrongRoom => CloseCode::TicketWrongRoom,
        TicketError::Reused => CloseCode::TicketReused,
    }
}

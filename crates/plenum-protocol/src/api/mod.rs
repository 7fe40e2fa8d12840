//! Bodies of the controller's REST API (`/api/v1`), one module per resource.
//!
//! Errors always have the shape of [`ApiError`]. This module defines shapes only; the rules
//! (lengths, permissions) live in the server. Times are RFC 3339 strings in UTC unless a field
//! says otherwise; local date-times of meetings travel with their IANA time zone.

mod auth;
mod keys;
mod meetings;
mod reports;
mod rooms;
mod tokens;
mod usage;
mod users;
mod votes;

pub use auth::*;
pub use keys::*;
pub use meetings::*;
pub use reports::*;
pub use rooms::*;
pub use tokens::*;
pub use usage::*;
pub use users::*;
pub use votes::*;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// One page of a list. Ask for the next page with `?cursor=<next_cursor>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Cursor of the next page, absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub next_cursor: Option<String>,
}

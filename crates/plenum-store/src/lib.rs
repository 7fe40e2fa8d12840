//! Persistence for the controller: repository traits named after what callers need, and one
//! implementation, [`Store`], over SQLite (the embedded default) and PostgreSQL (scale-out),
//! chosen by the URL at runtime.
//!
//! SQL here is written once for both backends (portable types, `$n` placeholders); the
//! conformance suite in `tests/` runs against each. This crate knows nothing about HTTP or
//! permissions: callers check who may do what before calling it.

mod error;
mod room_repo;
mod store;

pub use error::StoreError;
pub use room_repo::{RoomRecord, RoomRepo};
pub use store::{Backend, Store};

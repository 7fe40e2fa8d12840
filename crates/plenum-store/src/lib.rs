//! Persistence for the controller: one implementation, [`Store`], over SQLite (the embedded
//! default) and PostgreSQL (scale-out), chosen by the URL at runtime, with one file per concept
//! (rooms, users, sessions, API tokens, meetings, invitations, guest links, meetings' background
//! pictures, what is prepared with a meeting (polls, breakout set-ups, votes), the mail outbox,
//! records that outlive a conference, who has voted in which vote).
//!
//! SQL here is written once for both backends (portable types, `$n` placeholders, times as ms
//! since the Unix epoch, booleans as 0/1); the conformance suite in `tests/` runs against each.
//! Writes that belong together happen in one transaction. This crate knows nothing about HTTP or
//! permissions: callers check who may do what before calling it. Secrets (sessions, tokens,
//! links) are stored only as hashes computed by the caller.

mod background_repo;
mod error;
mod guest_link_repo;
mod invitation_repo;
mod mail_outbox;
mod meeting_repo;
mod node_key_repo;
mod prepared_repo;
mod record_repo;
mod room_repo;
mod session_repo;
mod store;
mod token_repo;
mod user_repo;
mod vote_repo;

pub use background_repo::BackgroundRecord;
pub use error::StoreError;
pub use guest_link_repo::GuestLinkRecord;
pub use invitation_repo::InvitationRecord;
pub use mail_outbox::MailRecord;
pub use meeting_repo::{ExceptionRecord, MeetingFilter, MeetingRecord, VisibleMeeting};
pub use prepared_repo::PreparedRecord;
pub use record_repo::{RecordRow, RoomUsageRow, VisibleRecord};
pub use room_repo::{RoomRecord, RoomRepo};
pub use store::{Backend, Store};
pub use token_repo::ApiTokenRecord;
pub use user_repo::UserRecord;

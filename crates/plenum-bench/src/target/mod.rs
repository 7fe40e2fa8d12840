//! The systems under test: Plenum, Janus's VideoRoom, and the null forwarder.

pub mod janus;
pub mod null;
pub mod plenum;

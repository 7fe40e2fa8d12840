//! The systems under test: Plenum, Janus's VideoRoom, and the null forwarder.

pub mod null;
pub mod plenum;

//! `plenum-bench`: a load generator that joins rooms through a target's real signaling and
//! sends synthetic WebRTC media (str0m: ICE, DTLS, SRTP), and measures what comes out.
//!
//! Targets: Plenum (REST + WebSocket + SFU), Janus's VideoRoom (HTTP API), and a null
//! forwarder (plain UDP fan-out) that shows the machine's ceiling. Most subscribers count
//! packets from the clear RTP header without decrypting, so that the generator stays lighter
//! than the target; a few probes per room decrypt and measure latency from send stamps in the
//! payload. Not part of the product.

pub mod adaptation;
pub mod metrics;
pub mod null_forwarder;
pub mod process;
pub mod report;
pub mod rtc_peer;
pub mod run;
pub mod scenario;
pub mod source;
pub mod target;

//! The node's side of "one ballot per voter": a room's `Output::ClaimBallot` goes to the
//! controller's storage ([`ClaimSink`], a unique constraint decides), and the answer comes back
//! to the room as `Input::BallotClaimed`, with a fresh random receipt for a counted ballot. The
//! receipt is made here, by the operating system's random generator, and leaves the node only
//! to its voter and (without the voter) in the protocol.
//!
//! The ballot box also seals what comes out of it: [`BallotBox::seal`] signs a vote's protocol
//! before it is spooled for storage.
//!
//! Not here: counting (the room), storage (the store).

use super::registry::RoomRegistry;
use super::room_actor::Notice;
use crate::protocol_signer::ProtocolSigner;
use futures_util::future::BoxFuture;
use plenum_core::ClaimOutcome;
use plenum_protocol::RoomId;
use plenum_protocol::api::Record;
use std::sync::Arc;
use tokio_util::task::TaskTracker;

/// Records that a voter (subject) voted in a vote (key): `Ok(true)` for the first record,
/// `Ok(false)` when there was one, an error when the storage could not be reached.
pub type ClaimSink =
    Arc<dyn Fn(String, String) -> BoxFuture<'static, Result<bool, String>> + Send + Sync>;

/// Bytes of randomness in a receipt.
const RECEIPT_BYTES: usize = 16;

/// A receipt: 128 random bits as eight groups of four hex digits.
pub fn receipt() -> String {
    let mut bytes = [0u8; RECEIPT_BYTES];
    crate::secret::fill_random(&mut bytes);
    bytes
        .chunks(2)
        .map(|pair| format!("{:02x}{:02x}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join("-")
}

/// Hands claims to the storage and answers the rooms.
#[derive(Clone)]
pub struct BallotBox {
    sink: ClaimSink,
    signer: Arc<ProtocolSigner>,
    tracker: TaskTracker,
}

impl BallotBox {
    /// A ballot box over `sink`, signing with `signer`, running its deliveries on `tracker`.
    pub fn new(sink: ClaimSink, signer: Arc<ProtocolSigner>, tracker: TaskTracker) -> BallotBox {
        BallotBox {
            sink,
            signer,
            tracker,
        }
    }

    /// Signs a vote's protocol (other records pass unchanged).
    pub fn seal(&self, record: &mut Record) {
        if let Record::VoteProtocol(p) = record {
            self.signer.sign(p);
        }
    }

    /// Records the claim and tells `room` the outcome.
    pub fn claim(
        &self,
        registry: Arc<RoomRegistry>,
        room: RoomId,
        vote: String,
        voter: String,
        claim: u64,
    ) {
        let sink = self.sink.clone();
        self.tracker.spawn(async move {
            let outcome = match sink(vote, voter).await {
                Ok(true) => ClaimOutcome::Claimed { receipt: receipt() },
                Ok(false) => ClaimOutcome::AlreadyVoted,
                Err(e) => {
                    tracing::warn!(error = %e, "recording a ballot failed; the voter may retry");
                    ClaimOutcome::Failed
                }
            };
            registry.deliver(&room, Notice::BallotClaimed { claim, outcome });
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn receipts_are_long_random_and_readable() {
        let a = super::receipt();
        assert_eq!(a.len(), 39);
        assert_eq!(a.matches('-').count(), 7);
        assert_ne!(a, super::receipt());
    }
}

//! `plenum vote verify FILE.json`: checks a vote protocol as exported by
//! `GET /api/v1/votes/{id}` — every entry's position, link and hash, the rules of the vote, the
//! recount against the published result, and the node's signature (against the published key
//! set when one is given) — and, with a receipt, that the voter's ballot is in the protocol.
//!
//! Not here: the chain's rules (`plenum_core::vote_chain`), the signature scheme
//! (`protocol_signer.rs`).

use crate::protocol_signer::{SignatureCheck, SignatureError, check_signature};
use plenum_core::vote_chain::{ChainError, Recount, verify};
use plenum_protocol::api::KeySet;
use plenum_protocol::votes::{VoteProtocol, VoteState};
use std::fmt::Write;

/// Why a protocol does not hold.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// Not a vote protocol at all.
    #[error("not a vote protocol: {0}")]
    Parse(String),
    /// The chain or its content.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The signature.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// The receipt is not among the ballots.
    #[error("the receipt {0} is not among the protocol's ballots")]
    ReceiptMissing(String),
}

/// What a valid protocol says.
#[derive(Debug)]
pub struct Verified {
    /// The protocol.
    pub protocol: VoteProtocol,
    /// The recount.
    pub recount: Recount,
    /// How the signature was checked.
    pub signature: SignatureCheck,
    /// The receipt that was found, if one was asked for.
    pub receipt: Option<String>,
}

/// Checks the protocol in `json`; with `keys`, its signature must be by a listed key; with
/// `receipt`, that ballot must be in it.
pub fn verify_protocol(
    json: &str,
    keys: Option<&KeySet>,
    receipt: Option<&str>,
) -> Result<Verified, VerifyError> {
    let protocol: VoteProtocol =
        serde_json::from_str(json).map_err(|e| VerifyError::Parse(e.to_string()))?;
    let recount = verify(&protocol)?;
    let signature = check_signature(&protocol, &recount.head, keys)?;
    let receipt = match receipt {
        Some(r) => {
            let r = r.trim();
            if !recount.receipts.contains(r) {
                return Err(VerifyError::ReceiptMissing(r.to_owned()));
            }
            Some(r.to_owned())
        }
        None => None,
    };
    Ok(Verified {
        protocol,
        recount,
        signature,
        receipt,
    })
}

/// A summary for people.
pub fn describe(v: &Verified) -> String {
    let r = &v.recount;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "The protocol holds: {} entries, chain intact.",
        v.protocol.entries.len()
    );
    let _ = writeln!(out, "Motion: {}", r.definition.topic);
    match (&r.state, &r.counts) {
        (VoteState::Closed, Some(counts)) => {
            let _ = writeln!(
                out,
                "Result (recounted, equal to the published one): {} of {} eligible voters voted.",
                r.voted, r.eligible
            );
            for (option, n) in r.definition.options.iter().zip(counts) {
                let _ = writeln!(out, "  {option}: {n}");
            }
        }
        _ => {
            let _ = writeln!(out, "The vote was cancelled; it has no result.");
        }
    }
    let _ = writeln!(
        out,
        "Signed by key {} ({}).",
        v.signature.kid,
        if v.signature.published {
            "found in the published key set"
        } else {
            "the key embedded in the file: compare its id with GET /api/v1/keys, or pass --keys"
        }
    );
    let _ = writeln!(out, "Chain head: {}", r.head);
    if let Some(receipt) = &v.receipt {
        let _ = writeln!(out, "Your receipt {receipt} is among the ballots.");
    }
    out
}

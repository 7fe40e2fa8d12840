//! The hash chain of a vote's protocol: how an entry is hashed ([`entry_hash`]), how the room
//! appends to the chain ([`Chain`]), and how anyone checks a protocol and recounts its result
//! ([`verify`]): order, links and hashes of every entry, the rules of the vote (one ballot per
//! voter, receipts only in secret votes, …) and the published result against the ballots.
//!
//! Not here: the signature over the chain's head (made and checked by the server, which holds
//! the keys), storage.

use plenum_protocol::RoomId;
use plenum_protocol::votes::{
    PROTOCOL_FORMAT, ProtocolEntry, ProtocolEvent, VoteDefinition, VoteKind, VoteProtocol,
    VoteState, Voter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// The `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What is hashed, in this field order.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: u32,
    at: u64,
    prev: &'a str,
    event: &'a ProtocolEvent,
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash of an entry: SHA-256 (hex) of the JSON of `{seq, at, prev, event}`.
pub fn entry_hash(seq: u32, at: u64, prev: &str, event: &ProtocolEvent) -> String {
    let json = serde_json::to_vec(&Hashed {
        seq,
        at,
        prev,
        event,
    })
    .expect("protocol events serialise infallibly");
    sha256_hex(&json)
}

/// The public id of a stored record: the first 24 hex digits of the SHA-256 of its key.
pub fn record_id(key: &str) -> String {
    sha256_hex(key.as_bytes())[..24].to_owned()
}

/// A protocol being written.
#[derive(Clone, Debug)]
pub struct Chain {
    protocol: VoteProtocol,
}

impl Chain {
    /// An empty chain for the vote with this key.
    pub fn new(key: String, room: RoomId) -> Chain {
        Chain {
            protocol: VoteProtocol {
                format: PROTOCOL_FORMAT.to_owned(),
                key,
                room,
                entries: Vec::new(),
                signature: None,
            },
        }
    }

    /// Appends `event` at wall-clock time `at` (ms).
    pub fn append(&mut self, at: u64, event: ProtocolEvent) {
        let entries = &mut self.protocol.entries;
        let seq = u32::try_from(entries.len()).expect("a vote has far fewer than 2^32 entries");
        let prev = entries
            .last()
            .map_or_else(|| GENESIS.to_owned(), |e| e.hash.clone());
        let hash = entry_hash(seq, at, &prev, &event);
        entries.push(ProtocolEntry {
            seq,
            at,
            prev,
            event,
            hash,
        });
    }

    /// The protocol so far (unsigned).
    pub fn protocol(&self) -> &VoteProtocol {
        &self.protocol
    }
}

/// Where and why a protocol does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The file is not a protocol of a format this version knows.
    #[error("unknown protocol format \"{0}\"")]
    Format(String),
    /// Entry `position` (from 0) was edited, inserted, deleted or moved, or breaks a rule.
    #[error("entry {position}: {problem}")]
    Entry {
        /// The first entry that does not hold.
        position: usize,
        /// What is wrong with it.
        problem: String,
    },
}

/// What a valid protocol says, recounted from its entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recount {
    /// What was decided and how.
    pub definition: VoteDefinition,
    /// Closed or cancelled.
    pub state: VoteState,
    /// Eligible voters known at the end.
    pub eligible: u32,
    /// Ballots counted.
    pub voted: u32,
    /// How many chose each option (a closed vote only).
    pub counts: Option<Vec<u32>>,
    /// The receipts of a secret vote's ballots.
    pub receipts: BTreeSet<String>,
    /// The last entry's hash (what the signature covers).
    pub head: String,
}

fn broken(position: usize, problem: impl Into<String>) -> ChainError {
    ChainError::Entry {
        position,
        problem: problem.into(),
    }
}

/// Checks every entry of `protocol` (order, link, hash, rules) and recounts the result.
pub fn verify(protocol: &VoteProtocol) -> Result<Recount, ChainError> {
    if protocol.format != PROTOCOL_FORMAT {
        return Err(ChainError::Format(protocol.format.clone()));
    }
    let mut prev = GENESIS;
    for (i, entry) in protocol.entries.iter().enumerate() {
        if usize::try_from(entry.seq).ok() != Some(i) {
            return Err(broken(
                i,
                format!(
                    "numbered {} (entries were deleted, inserted or reordered)",
                    entry.seq
                ),
            ));
        }
        if entry.prev != prev {
            return Err(broken(
                i,
                "does not follow the entry before it (the chain is broken)",
            ));
        }
        if entry_hash(entry.seq, entry.at, &entry.prev, &entry.event) != entry.hash {
            return Err(broken(i, "its content does not match its hash (edited)"));
        }
        prev = &entry.hash;
    }
    Rules::default().check(protocol)
}

/// The rules a chain's content must follow, checked entry by entry.
#[derive(Default)]
struct Rules {
    eligible: BTreeSet<String>,
    voted: BTreeSet<String>,
    receipts: BTreeSet<String>,
    ballots: u32,
    markers: u32,
}

impl Rules {
    fn check(mut self, protocol: &VoteProtocol) -> Result<Recount, ChainError> {
        let entries = &protocol.entries;
        let Some(ProtocolEvent::Created { definition, .. }) = entries.first().map(|e| &e.event)
        else {
            return Err(broken(0, "a protocol begins with the vote's creation"));
        };
        let options = definition.options.len();
        let secret = definition.kind == VoteKind::Secret;
        let mut counts = vec![0u32; options];
        let mut end: Option<(usize, VoteState)> = None;
        let mut result: Option<(u32, u32, Vec<u32>)> = None;
        for (i, entry) in entries.iter().enumerate().skip(1) {
            if result.is_some() {
                return Err(broken(i, "nothing may follow the result"));
            }
            if matches!(end, Some((_, VoteState::Cancelled))) {
                return Err(broken(i, "nothing may follow a cancellation"));
            }
            match &entry.event {
                ProtocolEvent::Created { .. } => {
                    return Err(broken(i, "a vote is created only once"));
                }
                ProtocolEvent::Started { eligible, .. } => {
                    if i != 1 {
                        return Err(broken(i, "a vote starts right after its creation"));
                    }
                    self.add_eligible(eligible);
                }
                ProtocolEvent::VoterJoined { voter } => {
                    self.add_eligible(std::slice::from_ref(voter));
                }
                ProtocolEvent::VoterLeft { .. } | ProtocolEvent::ProblemReported { .. } => {}
                ProtocolEvent::Voted { voter } => {
                    if !secret {
                        return Err(broken(i, "a named vote records ballots, not markers"));
                    }
                    if end.is_some() {
                        return Err(broken(i, "voted after the close"));
                    }
                    self.take_vote(i, voter)?;
                    self.markers += 1;
                }
                ProtocolEvent::Ballot {
                    voter,
                    receipt,
                    choice,
                } => {
                    let choice = usize::try_from(*choice)
                        .ok()
                        .filter(|c| *c < options)
                        .ok_or_else(|| broken(i, "chooses an option the vote does not offer"))?;
                    match (secret, voter, receipt) {
                        (false, Some(voter), None) => {
                            if end.is_some() {
                                return Err(broken(i, "a named ballot after the close"));
                            }
                            self.take_vote(i, voter)?;
                        }
                        (true, None, Some(receipt)) => {
                            if !matches!(end, Some((_, VoteState::Closed))) {
                                return Err(broken(
                                    i,
                                    "a secret ballot is recorded only at the close",
                                ));
                            }
                            if !self.receipts.insert(receipt.clone()) {
                                return Err(broken(i, "a receipt appears twice"));
                            }
                        }
                        _ => {
                            return Err(broken(
                                i,
                                "a named ballot names its voter, a secret one only a receipt",
                            ));
                        }
                    }
                    counts[choice] += 1;
                    self.ballots += 1;
                }
                ProtocolEvent::Closed { .. } => {
                    if end.is_some() {
                        return Err(broken(i, "the vote ended twice"));
                    }
                    end = Some((i, VoteState::Closed));
                }
                ProtocolEvent::Cancelled { .. } => {
                    if end.is_some() {
                        return Err(broken(i, "the vote ended twice"));
                    }
                    end = Some((i, VoteState::Cancelled));
                }
                ProtocolEvent::Result {
                    eligible,
                    voted,
                    counts,
                } => {
                    if !matches!(end, Some((_, VoteState::Closed))) {
                        return Err(broken(i, "a result without a close"));
                    }
                    result = Some((*eligible, *voted, counts.clone()));
                }
            }
        }
        let last = entries.len().saturating_sub(1);
        if entries
            .get(1)
            .is_none_or(|e| !matches!(e.event, ProtocolEvent::Started { .. }))
        {
            return Err(broken(1.min(last + 1), "the vote never started"));
        }
        let eligible = u32::try_from(self.eligible.len()).unwrap_or(u32::MAX);
        let state = match (end, result) {
            (Some((_, VoteState::Cancelled)), None) => VoteState::Cancelled,
            (Some((_, VoteState::Closed)), Some((published_eligible, voted, published))) => {
                if secret && self.ballots != self.markers {
                    return Err(broken(
                        last,
                        format!(
                            "{} people voted but {} ballots are recorded",
                            self.markers, self.ballots
                        ),
                    ));
                }
                if published != counts || voted != self.ballots {
                    return Err(broken(
                        last,
                        format!(
                            "the published result ({voted} ballots: {published:?}) differs from \
                             the recount ({} ballots: {counts:?})",
                            self.ballots
                        ),
                    ));
                }
                if published_eligible != eligible {
                    return Err(broken(
                        last,
                        format!(
                            "the result names {published_eligible} eligible voters, the \
                             protocol {eligible}"
                        ),
                    ));
                }
                VoteState::Closed
            }
            _ => {
                return Err(broken(
                    last + 1,
                    "the protocol ends without a result or a cancellation",
                ));
            }
        };
        Ok(Recount {
            definition: definition.clone(),
            counts: (state == VoteState::Closed).then_some(counts),
            state,
            eligible,
            voted: self.ballots,
            receipts: self.receipts,
            head: entries[last].hash.clone(),
        })
    }

    fn add_eligible(&mut self, voters: &[Voter]) {
        self.eligible
            .extend(voters.iter().map(|v| v.participant_id.to_string()));
    }

    fn take_vote(&mut self, i: usize, voter: &Voter) -> Result<(), ChainError> {
        let id = voter.participant_id.to_string();
        if !self.eligible.contains(&id) {
            return Err(broken(
                i,
                format!("{} was not eligible to vote", voter.display_name),
            ));
        }
        if !self.voted.insert(id) {
            return Err(broken(
                i,
                format!("{} voted a second time", voter.display_name),
            ));
        }
        Ok(())
    }
}

//! The `votes` namespace on the fake clock: named and secret votes, who may vote (guests never,
//! late joiners on the list yes), one ballot per voter however often it is sent, the storage's
//! answer deciding, closing by time and by hand (waiting for ballots being recorded),
//! cancelling with a reason, problem reports, presence in the protocol, the end of the
//! conference, and the chain: it verifies, secret ballots carry no voter and only the close
//! time, tampering is found at its position, and the recount equals the published result.
#![allow(clippy::unwrap_used, reason = "test assertions")]

mod harness;

use harness::{TestRoom, WALL0, pid};
use plenum_core::vote_chain::{ChainError, GENESIS, entry_hash, record_id, verify};
use plenum_core::{ClaimOutcome, ConnId, Input, Output};
use plenum_protocol::ErrorCode;
use plenum_protocol::api::Record;
use plenum_protocol::control::Role;
use plenum_protocol::votes::{
    Eligibility, NamedBallot, Problem, ProtocolEvent, VoteDefinition, VoteKind, VoteProtocol,
    VoteState, Voter, VotesCommand, VotesEvent,
};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::time::Duration;

const MOD: &[Role] = &[Role::Moderator, Role::Participant];

fn definition(kind: VoteKind) -> VoteDefinition {
    VoteDefinition {
        topic: " Adopt the budget?\u{7} ".into(),
        options: vec!["Yes".into(), " No ".into(), "Abstain".into()],
        kind,
        live_results: false,
        voters: Eligibility {
            everyone: true,
            ..Eligibility::default()
        },
        seconds: None,
    }
}

/// The storage as the runtime gives it: one record per vote and voter, random-looking receipts.
#[derive(Default)]
struct Storage {
    /// Claims taken from the room's outputs, not answered yet.
    held: Vec<(String, String, u64)>,
    taken: BTreeSet<(String, String)>,
    issued: u64,
    /// Answer every claim with `Failed`.
    down: bool,
}

impl Storage {
    /// Answers every pending claim; returns how many were fresh.
    fn answer(&mut self, t: &mut TestRoom) -> usize {
        self.hold(t);
        let mut fresh = 0;
        for (vote, voter, claim) in std::mem::take(&mut self.held) {
            let outcome = if self.down {
                ClaimOutcome::Failed
            } else if self.taken.insert((vote, voter)) {
                fresh += 1;
                self.issued += 1;
                ClaimOutcome::Claimed {
                    receipt: format!("{:016x}", self.issued.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                }
            } else {
                ClaimOutcome::AlreadyVoted
            };
            t.input(Input::BallotClaimed { claim, outcome });
        }
        fresh
    }

    /// Takes the pending claims out of the room's outputs, to answer them later.
    fn hold(&mut self, t: &mut TestRoom) {
        self.held.extend(t.claims());
    }
}

fn start(t: &mut TestRoom, conn: ConnId, definition: VoteDefinition) {
    t.votes(
        conn,
        VotesCommand::Start {
            definition,
            prepared_id: None,
        },
    );
}

fn cast(t: &mut TestRoom, conn: ConnId, choice: u32) {
    t.votes(conn, VotesCommand::Cast { vote_id: 1, choice });
}

fn voter(name: &str) -> Voter {
    Voter {
        participant_id: pid(name),
        display_name: name.to_uppercase(),
    }
}

/// The one protocol persisted since the last take (left in the outputs).
fn protocol(t: &mut TestRoom) -> VoteProtocol {
    let mut found: Vec<VoteProtocol> = t
        .out
        .iter()
        .filter_map(|o| match o {
            Output::Persist {
                record: Record::VoteProtocol(p),
                ..
            } => Some(*p.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "exactly one protocol persisted");
    found.remove(0)
}

fn events(p: &VoteProtocol) -> Vec<ProtocolEvent> {
    p.entries.iter().map(|e| e.event.clone()).collect()
}

#[test]
fn a_named_vote_records_each_ballot_with_its_voter_and_closes_by_itself() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let b = t.join("b");
    let mut storage = Storage::default();
    t.take();
    start(
        &mut t,
        m,
        VoteDefinition {
            seconds: Some(60),
            ..definition(VoteKind::Named)
        },
    );
    let started = t.votes_events_to(a);
    let [VotesEvent::Started { vote }] = &started[..] else {
        panic!("{started:?}");
    };
    assert_eq!(vote.definition.topic, "Adopt the budget?");
    assert_eq!(vote.definition.options, ["Yes", "No", "Abstain"]);
    assert_eq!(vote.voters, [voter("m"), voter("a"), voter("b")]);
    assert_eq!(vote.ends_at, Some(WALL0 + 60_000));
    assert_eq!(vote.tally, None, "results are not live");

    cast(&mut t, a, 0);
    cast(&mut t, b, 1);
    assert_eq!(storage.answer(&mut t), 2);
    let to_a = t.votes_events_to(a);
    assert!(
        to_a.iter().any(|e| matches!(e, VotesEvent::Accepted { ballot } if ballot.choice == 0 && ballot.receipt.is_none())),
        "{to_a:?}"
    );
    t.advance(Duration::from_secs(60));
    let p = protocol(&mut t);
    let ended = t.votes_events_to(b);
    let Some(VotesEvent::Ended { vote, by: None }) = ended.last() else {
        panic!("{ended:?}");
    };
    assert_eq!(vote.state, VoteState::Closed);
    assert_eq!(vote.tally.as_deref(), Some(&[1, 1, 0][..]));
    assert_eq!(
        vote.ballots.as_deref(),
        Some(
            &[
                NamedBallot {
                    voter: voter("a"),
                    choice: 0
                },
                NamedBallot {
                    voter: voter("b"),
                    choice: 1
                }
            ][..]
        )
    );
    assert_eq!(p.key, format!("vote:room-1:{WALL0}:1"));
    let recount = verify(&p).expect("the chain holds");
    assert_eq!(recount.counts, Some(vec![1, 1, 0]));
    assert_eq!((recount.eligible, recount.voted), (3, 2));
    assert!(matches!(
        events(&p)[..],
        [
            ProtocolEvent::Created { .. },
            ProtocolEvent::Started { .. },
            ProtocolEvent::Ballot { .. },
            ProtocolEvent::Ballot { .. },
            ProtocolEvent::Closed { by: None },
            ProtocolEvent::Result { .. }
        ]
    ));
}

#[test]
fn a_secret_vote_keeps_voters_and_ballots_apart() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let names = ["a", "b", "c", "d", "e"];
    let conns: Vec<ConnId> = names.iter().map(|n| t.join(n)).collect();
    let mut storage = Storage::default();
    start(&mut t, m, definition(VoteKind::Secret));
    let mut receipts = Vec::new();
    for (i, conn) in conns.iter().enumerate() {
        t.advance(Duration::from_secs(1));
        cast(&mut t, *conn, u32::try_from(i % 2).unwrap());
        storage.answer(&mut t);
        let mine = t.votes_events_to(*conn);
        let receipt = mine
            .iter()
            .find_map(|e| match e {
                VotesEvent::Accepted { ballot } => ballot.receipt.clone(),
                _ => None,
            })
            .expect("the voter gets a receipt");
        receipts.push(receipt);
    }
    // Receipts go to their voter only.
    t.take();
    t.advance(Duration::from_secs(5));
    t.votes(m, VotesCommand::Close { vote_id: 1 });
    let close_ms = WALL0 + 10_000;
    let p = protocol(&mut t);
    let recount = verify(&p).expect("the chain holds");
    assert_eq!(recount.counts, Some(vec![3, 2, 0]));
    assert_eq!(recount.receipts, receipts.iter().cloned().collect());
    let ballots: Vec<_> = p
        .entries
        .iter()
        .filter(|e| matches!(e.event, ProtocolEvent::Ballot { .. }))
        .collect();
    assert_eq!(ballots.len(), 5);
    let mut sorted = Vec::new();
    for entry in &ballots {
        let ProtocolEvent::Ballot { voter, receipt, .. } = &entry.event else {
            unreachable!()
        };
        assert_eq!(voter, &None, "a secret ballot names nobody");
        assert_eq!(entry.at, close_ms, "secret ballots carry the close time");
        sorted.push(receipt.clone().expect("with its receipt"));
    }
    let mut expected = sorted.clone();
    expected.sort();
    assert_eq!(
        sorted, expected,
        "ballots in receipt order, not in voting order"
    );
    assert_ne!(
        sorted, receipts,
        "this test's receipts are not issued in sorted order"
    );
    let voted: Vec<Voter> = p
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            ProtocolEvent::Voted { voter } => Some(voter.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(voted, names.map(voter));
    // The serialised protocol names no receipt next to a voter.
    for (name, receipt) in names.iter().zip(&receipts) {
        for entry in &p.entries {
            let json = serde_json::to_string(&entry.event).unwrap();
            assert!(!(json.contains(&name.to_uppercase()) && json.contains(receipt.as_str())));
        }
    }
}

#[test]
fn guests_recorders_and_people_off_the_list_cannot_vote_but_see_the_vote() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let g = t.join_as("g", &[Role::Guest]);
    let r = t.join_as("r", &[Role::Recorder]);
    let outsider = t.join("o");
    let mut listed = t.ticket("l", &[Role::Participant]);
    listed.groups = vec!["Council".into()];
    let l = t.join_with(listed);
    t.take();
    start(
        &mut t,
        m,
        VoteDefinition {
            voters: Eligibility {
                groups: vec!["Council".into()],
                roles: vec![Role::Moderator, Role::Guest],
                ..Eligibility::default()
            },
            ..definition(VoteKind::Named)
        },
    );
    let seen = t.votes_events_to(g);
    let [VotesEvent::Started { vote }] = &seen[..] else {
        panic!("{seen:?}");
    };
    assert_eq!(vote.voters, [voter("m"), voter("l")]);
    assert_eq!(vote.definition.voters.roles, [Role::Moderator]);
    for conn in [g, r, outsider] {
        cast(&mut t, conn, 0);
        assert_eq!(t.errors_to(conn), [ErrorCode::Forbidden]);
    }
    assert!(t.claims().is_empty());
    cast(&mut t, l, 2);
    assert_eq!(t.claims().len(), 1);
}

#[test]
fn a_late_joiner_on_the_list_may_vote_and_comings_and_goings_are_recorded() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let mut storage = Storage::default();
    start(&mut t, m, definition(VoteKind::Named));
    let late = t.join("late");
    t.lose(a);
    t.advance(Duration::from_secs(30));
    cast(&mut t, late, 0);
    storage.answer(&mut t);
    t.take();
    t.votes(m, VotesCommand::Close { vote_id: 1 });
    let p = protocol(&mut t);
    let recount = verify(&p).unwrap();
    assert_eq!((recount.eligible, recount.voted), (3, 1));
    let e = events(&p);
    assert!(e.contains(&ProtocolEvent::VoterJoined {
        voter: voter("late")
    }));
    assert!(e.contains(&ProtocolEvent::VoterLeft { voter: voter("a") }));
}

#[test]
fn one_ballot_per_voter_however_often_it_is_sent() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let mut storage = Storage::default();
    start(&mut t, m, definition(VoteKind::Secret));
    t.take();
    for _ in 0..10 {
        cast(&mut t, a, 0);
    }
    assert_eq!(t.claims().len(), 1, "one claim while the first is recorded");
    assert_eq!(t.errors_to(a), [ErrorCode::Conflict; 9]);
    cast(&mut t, a, 0);
    let claims = t.claims();
    assert!(claims.is_empty());
    // A claim the storage already holds (a second device, a restarted node) does not count.
    t.input(Input::BallotClaimed {
        claim: 1,
        outcome: ClaimOutcome::AlreadyVoted,
    });
    assert_eq!(t.errors_to(a), [ErrorCode::Conflict, ErrorCode::Conflict]);
    assert_eq!(storage.answer(&mut t), 0);
    t.votes(m, VotesCommand::Close { vote_id: 1 });
    let recount = verify(&protocol(&mut t)).unwrap();
    assert_eq!(recount.voted, 0);
}

#[test]
fn a_ballot_the_storage_could_not_record_may_be_cast_again() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let mut storage = Storage {
        down: true,
        ..Storage::default()
    };
    start(&mut t, m, definition(VoteKind::Named));
    t.take();
    cast(&mut t, a, 1);
    storage.answer(&mut t);
    assert_eq!(t.errors_to(a), [ErrorCode::Internal]);
    storage.down = false;
    cast(&mut t, a, 1);
    assert_eq!(storage.answer(&mut t), 1);
    t.votes(m, VotesCommand::Close { vote_id: 1 });
    assert_eq!(
        verify(&protocol(&mut t)).unwrap().counts,
        Some(vec![0, 1, 0])
    );
}

#[test]
fn closing_waits_for_ballots_being_recorded_and_refuses_new_ones() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let b = t.join("b");
    let mut storage = Storage::default();
    start(&mut t, m, definition(VoteKind::Secret));
    cast(&mut t, a, 0);
    storage.hold(&mut t);
    t.votes(m, VotesCommand::Close { vote_id: 1 });
    assert!(
        t.persisted().is_empty(),
        "not closed before a's ballot is in"
    );
    cast(&mut t, b, 0);
    assert_eq!(t.errors_to(b), [ErrorCode::InvalidCommand]);
    storage.answer(&mut t);
    let p = protocol(&mut t);
    assert_eq!(verify(&p).unwrap().counts, Some(vec![1, 0, 0]));
}

#[test]
fn a_cancelled_vote_records_the_reason_and_has_no_result() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let mut storage = Storage::default();
    start(&mut t, m, definition(VoteKind::Secret));
    cast(&mut t, a, 0);
    storage.answer(&mut t);
    t.take();
    t.votes(
        m,
        VotesCommand::Cancel {
            vote_id: 1,
            reason: "  ".into(),
        },
    );
    assert_eq!(
        t.errors_to(m),
        [ErrorCode::InvalidCommand],
        "a reason is needed"
    );
    t.votes(
        m,
        VotesCommand::Cancel {
            vote_id: 1,
            reason: "The microphone of the chair failed".into(),
        },
    );
    let p = protocol(&mut t);
    let ended = t.votes_events_to(a);
    let [VotesEvent::Ended { vote, by }] = &ended[..] else {
        panic!("{ended:?}");
    };
    assert_eq!(by.as_ref(), Some(&pid("m")));
    assert_eq!(vote.state, VoteState::Cancelled);
    assert_eq!(vote.tally, None);
    let recount = verify(&p).unwrap();
    assert_eq!(
        (recount.state, recount.counts),
        (VoteState::Cancelled, None)
    );
    assert!(matches!(
        events(&p).last(),
        Some(ProtocolEvent::Cancelled { reason, .. }) if reason == "The microphone of the chair failed"
    ));
    assert!(
        !events(&p)
            .iter()
            .any(|e| matches!(e, ProtocolEvent::Ballot { .. })),
        "no ballots of a cancelled secret vote"
    );
}

#[test]
fn problem_reports_reach_the_chair_and_the_protocol() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let g = t.join_as("g", &[Role::Guest]);
    start(&mut t, m, definition(VoteKind::Named));
    t.take();
    t.votes(
        a,
        VotesCommand::ReportProblem {
            vote_id: 1,
            problem: Problem::Audio,
            text: Some("The sound broke up during the motion".into()),
        },
    );
    t.votes(
        g,
        VotesCommand::ReportProblem {
            vote_id: 1,
            problem: Problem::Video,
            text: None,
        },
    );
    let out = t.take();
    t.out = out.clone();
    let to_m = t.votes_events_to(m);
    assert!(
        matches!(&to_m[..], [VotesEvent::ProblemReported { problem }] if problem.report.voter == voter("a") && problem.report.problem == Problem::Audio)
    );
    t.out = out;
    assert_eq!(t.errors_to(g), [ErrorCode::Forbidden]);
    // A moderator entering later sees the report.
    let m2 = t.join_as("m2", MOD);
    let state = t.votes_events_to(m2);
    assert!(
        state
            .iter()
            .any(|e| matches!(e, VotesEvent::State { problems, .. } if problems.len() == 1)),
        "{state:?}"
    );
    t.votes(m, VotesCommand::Close { vote_id: 1 });
    let p = protocol(&mut t);
    assert!(
        events(&p)
            .iter()
            .any(|e| matches!(e, ProtocolEvent::ProblemReported { report } if report.text.as_deref() == Some("The sound broke up during the motion")))
    );
}

#[test]
fn the_end_of_the_conference_cancels_a_running_vote_and_stores_it() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    start(&mut t, m, definition(VoteKind::Named));
    t.take();
    t.control(m, plenum_protocol::control::ControlCommand::Leave);
    let p = protocol(&mut t);
    assert_eq!(verify(&p).unwrap().state, VoteState::Cancelled);
}

#[test]
fn everyone_learns_when_the_protocol_is_stored() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    start(&mut t, m, definition(VoteKind::Named));
    t.votes(m, VotesCommand::Close { vote_id: 1 });
    let key = protocol(&mut t).key;
    t.take();
    t.input(Input::Persisted { key: key.clone() });
    let stored = t.votes_events_to(a);
    assert_eq!(
        stored,
        [VotesEvent::ProtocolStored {
            vote_id: 1,
            protocol_id: record_id(&key)
        }]
    );
}

#[test]
fn one_vote_runs_at_a_time_and_definitions_are_checked() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    t.take();
    let bad = [
        VoteDefinition {
            options: vec!["Yes".into()],
            ..definition(VoteKind::Named)
        },
        VoteDefinition {
            options: vec!["Yes".into(), "yes ".into()],
            ..definition(VoteKind::Named)
        },
        VoteDefinition {
            voters: Eligibility::default(),
            ..definition(VoteKind::Named)
        },
        VoteDefinition {
            seconds: Some(5),
            ..definition(VoteKind::Named)
        },
    ];
    for d in bad {
        start(&mut t, m, d);
        assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand]);
    }
    start(&mut t, a, definition(VoteKind::Named));
    assert_eq!(t.errors_to(a), [ErrorCode::Forbidden]);
    start(&mut t, m, definition(VoteKind::Named));
    start(&mut t, m, definition(VoteKind::Named));
    assert_eq!(t.errors_to(m), [ErrorCode::InvalidCommand]);
}

#[test]
fn live_results_show_the_tally_while_the_vote_runs() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    let mut storage = Storage::default();
    start(
        &mut t,
        m,
        VoteDefinition {
            live_results: true,
            ..definition(VoteKind::Named)
        },
    );
    t.take();
    cast(&mut t, a, 2);
    storage.answer(&mut t);
    let progress = t.votes_events_to(m);
    assert!(progress.iter().any(|e| matches!(e, VotesEvent::Progress { tally: Some(t), voted, .. } if t == &[0, 0, 1] && voted == &[pid("a")])), "{progress:?}");
}

#[test]
fn a_cast_command_does_not_show_its_choice_in_debug_output() {
    let debug = format!(
        "{:?}",
        VotesCommand::Cast {
            vote_id: 7,
            choice: 31_337
        }
    );
    assert!(debug.contains('7') && !debug.contains("31337"), "{debug}");
}

/// A closed secret vote with three ballots, for tampering.
fn sample() -> VoteProtocol {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let conns: Vec<ConnId> = ["a", "b", "c"].iter().map(|n| t.join(n)).collect();
    let mut storage = Storage::default();
    start(&mut t, m, definition(VoteKind::Secret));
    for (i, c) in conns.iter().enumerate() {
        cast(&mut t, *c, u32::try_from(i % 2).expect("0 or 1"));
    }
    storage.answer(&mut t);
    t.take();
    t.votes(m, VotesCommand::Close { vote_id: 1 });
    protocol(&mut t)
}

fn position(e: ChainError) -> usize {
    match e {
        ChainError::Entry { position, .. } => position,
        ChainError::Format(f) => panic!("format {f}"),
    }
}

/// Recomputes the hashes from `from` on, as a forger would.
fn rehash(p: &mut VoteProtocol, from: usize) {
    for i in from..p.entries.len() {
        let prev = if i == 0 {
            GENESIS.to_owned()
        } else {
            p.entries[i - 1].hash.clone()
        };
        let e = &mut p.entries[i];
        e.prev = prev;
        e.hash = entry_hash(e.seq, e.at, &e.prev, &e.event);
    }
}

#[test]
fn tampering_is_found_at_its_position() {
    let good = sample();
    verify(&good).unwrap();
    let ballot = good
        .entries
        .iter()
        .position(|e| matches!(e.event, ProtocolEvent::Ballot { .. }))
        .unwrap();

    let mut edited = good.clone();
    if let ProtocolEvent::Ballot { choice, .. } = &mut edited.entries[ballot].event {
        *choice = 2;
    }
    assert_eq!(position(verify(&edited).unwrap_err()), ballot);

    let mut deleted = good.clone();
    deleted.entries.remove(ballot);
    assert_eq!(position(verify(&deleted).unwrap_err()), ballot);

    let mut reordered = good.clone();
    reordered.entries.swap(2, 3);
    assert_eq!(position(verify(&reordered).unwrap_err()), 2);

    let mut inserted = good.clone();
    let copy = inserted.entries[ballot].clone();
    inserted.entries.insert(ballot + 1, copy);
    assert_eq!(position(verify(&inserted).unwrap_err()), ballot + 1);

    let mut truncated = good.clone();
    truncated.entries.pop();
    assert_eq!(
        position(verify(&truncated).unwrap_err()),
        truncated.entries.len()
    );

    // A forger who recomputes every hash still cannot change the count unnoticed…
    let mut forged = good.clone();
    let mut old = 0;
    if let ProtocolEvent::Ballot { choice, .. } = &mut forged.entries[ballot].event {
        old = *choice as usize;
        *choice = 2;
    }
    rehash(&mut forged, ballot);
    let last = forged.entries.len() - 1;
    assert_eq!(position(verify(&forged).unwrap_err()), last);
    // …and a consistent forgery changes the head, which the node's signature covers.
    if let ProtocolEvent::Result { counts, .. } = &mut forged.entries[last].event {
        counts[old] -= 1;
        counts[2] += 1;
    }
    rehash(&mut forged, last);
    let recount = verify(&forged).expect("a consistent forgery passes the chain check");
    assert_ne!(recount.head, verify(&good).unwrap().head);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For random votes the recount from the protocol equals the published result and the
    /// ballots as cast.
    #[test]
    fn the_recount_equals_the_published_result(
        secret in any::<bool>(),
        options in 2usize..6,
        choices in proptest::collection::vec(proptest::option::of(0u32..8), 1..25),
        cancel in any::<bool>(),
    ) {
        let mut t = TestRoom::new();
        let m = t.join_as("m", MOD);
        let conns: Vec<ConnId> = (0..choices.len()).map(|i| t.join(&format!("v{i}"))).collect();
        let mut storage = Storage::default();
        start(&mut t, m, VoteDefinition {
            options: (0..options).map(|i| format!("Option {i}")).collect(),
            ..definition(if secret { VoteKind::Secret } else { VoteKind::Named })
        });
        let mut expected = vec![0u32; options];
        for (conn, choice) in conns.iter().zip(&choices) {
            let Some(choice) = choice else { continue };
            cast(&mut t, *conn, *choice);
            cast(&mut t, *conn, *choice);
            if (*choice as usize) < options {
                expected[*choice as usize] += 1;
            }
            storage.answer(&mut t);
        }
        t.take();
        if cancel {
            t.votes(m, VotesCommand::Cancel { vote_id: 1, reason: "test".into() });
        } else {
            t.votes(m, VotesCommand::Close { vote_id: 1 });
        }
        let p = protocol(&mut t);
        let recount = verify(&p).expect("the chain holds");
        if cancel {
            prop_assert_eq!(recount.counts, None);
        } else {
            let published = p.entries.iter().find_map(|e| match &e.event {
                ProtocolEvent::Result { counts, .. } => Some(counts.clone()),
                _ => None,
            });
            prop_assert_eq!(recount.counts.clone(), published);
            prop_assert_eq!(recount.counts, Some(expected.clone()));
            prop_assert_eq!(recount.voted, expected.iter().sum::<u32>());
        }
        prop_assert_eq!(recount.eligible, u32::try_from(choices.len() + 1).unwrap());
    }
}

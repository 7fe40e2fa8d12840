//! The `votes` namespace: binding votes. A moderator starts a vote (ad hoc or prepared with the
//! meeting); each eligible voter casts one ballot, which counts once the runtime has recorded
//! durably that this voter voted ([`crate::Output::ClaimBallot`]: the storage's unique
//! constraint is the final word on "one ballot per voter"); the vote closes by a moderator or by
//! its duration, or is cancelled with a reason (also when the conference ends while it runs).
//! Everything is appended to the vote's hash chain, which is persisted when the vote ends; the
//! runtime signs it.
//!
//! Secret votes: the chain records *that* someone voted when it happens and the ballots
//! (choice and random receipt, no voter) only at the close, sorted by receipt and stamped with
//! the close time, so nothing in the protocol links a voter to a ballot. The room itself keeps
//! the voter only until the storage answered the claim.
//!
//! Also here: [`checked_definition`], the one validation of a vote's definition, which the
//! controller uses for prepared votes. Not here: hashing and checking the chain
//! (`vote_chain.rs`), signing and storage (the server).

use crate::definition::{ChoiceNames, InvalidDefinition, choices, invalid, seconds, text};
use crate::input::ClaimOutcome;
use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::permission::Permission;
use crate::roster::{Audience, Roster};
use crate::vote_chain::{Chain, record_id};
use plenum_protocol::api::Record;
use plenum_protocol::control::{LeaveReason, Role};
use plenum_protocol::envelope::ErrorEvent;
use plenum_protocol::votes::{
    NamedBallot, OwnBallot, Problem, ProblemReport, ProtocolEvent, Vote, VoteDefinition, VoteKind,
    VoteProblem, VoteState, Voter, VotesCommand, VotesEvent,
};
use plenum_protocol::{ErrorCode, ParticipantId, ServerEvent};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

/// Longest motion, in characters.
pub const MAX_TOPIC_CHARS: usize = 300;
/// Longest option, in characters.
pub const MAX_OPTION_CHARS: usize = 100;
/// How many options a vote offers.
pub const OPTIONS: RangeInclusive<usize> = 2..=12;
/// Shortest and longest duration, in seconds.
pub const VOTE_SECONDS: RangeInclusive<u32> = 10..=86_400;
/// Most votes in one conference.
pub const MAX_VOTES: usize = 50;
/// Longest reason for a cancellation, and longest id of a prepared vote.
pub const MAX_REASON_CHARS: usize = 300;
/// Longest description of a problem.
pub const MAX_PROBLEM_CHARS: usize = 500;
/// Most problem reports of one voter in one vote.
pub const MAX_PROBLEMS_PER_VOTER: usize = 5;
/// Most roles, groups or named people in an eligibility rule.
pub const MAX_RULES: usize = 1_000;
/// Progress of one vote is sent at most this often.
pub const PROGRESS_INTERVAL: Duration = Duration::from_secs(1);

/// The definition as kept (texts trimmed, rules sorted), or why it cannot be used.
pub fn checked_definition(raw: VoteDefinition) -> Result<VoteDefinition, InvalidDefinition> {
    let topic = text(&raw.topic, "topic", "the motion", MAX_TOPIC_CHARS)?;
    let options = choices(
        &raw.options,
        &ChoiceNames {
            field: "options",
            owner: "a vote",
            plural: "options",
            one: "an option",
        },
        &OPTIONS,
        MAX_OPTION_CHARS,
    )?;
    let mut voters = raw.voters;
    if voters.roles.len() + voters.groups.len() + voters.participants.len() > MAX_RULES {
        return Err(invalid(
            "voters",
            format!("at most {MAX_RULES} roles, groups and people"),
        ));
    }
    voters
        .roles
        .retain(|r| !matches!(r, Role::Guest | Role::Recorder));
    voters.roles.sort();
    voters.roles.dedup();
    voters.groups = voters
        .groups
        .iter()
        .map(|g| text(g, "voters", "a group", crate::MAX_GROUP_CHARS))
        .collect::<Result<BTreeSet<_>, _>>()?
        .into_iter()
        .collect();
    voters.participants.sort();
    voters.participants.dedup();
    if !voters.everyone
        && voters.roles.is_empty()
        && voters.groups.is_empty()
        && voters.participants.is_empty()
    {
        return Err(invalid("voters", "say who may vote"));
    }
    seconds(raw.seconds, "a vote", &VOTE_SECONDS)?;
    Ok(VoteDefinition {
        topic,
        options,
        voters,
        ..raw
    })
}

/// Whether `member` may vote in a vote defined as `definition` (their ticket grants the right
/// to vote, and their roles and groups now match; guests and recorders never).
fn eligible(member: &Member, definition: &VoteDefinition) -> bool {
    if !member.may_vote || member.has(Role::Guest) || member.has(Role::Recorder) {
        return false;
    }
    let rules = &definition.voters;
    rules.everyone
        || rules.roles.iter().any(|r| member.has(*r))
        || rules
            .groups
            .iter()
            .any(|g| member.public.groups.contains(g))
        || rules.participants.contains(&member.public.id)
}

fn voter(member: &Member) -> Voter {
    Voter {
        participant_id: member.public.id.clone(),
        display_name: member.public.display_name.clone(),
    }
}

/// The namespace's deadlines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Alarm {
    /// The vote's duration is over.
    Close(u32),
    /// Send the vote's pending progress.
    Progress(u32),
}

/// A ballot waiting for the storage's answer.
struct Pending {
    vote_id: u32,
    voter: Voter,
    subject: String,
    choice: u32,
    command_id: Option<u32>,
}

/// Ballots never reach a log.
impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("vote_id", &self.vote_id)
            .finish_non_exhaustive()
    }
}

/// One vote with its ballots.
struct Entry {
    /// As clients see it, without tally and ballots.
    vote: Vote,
    key: String,
    chain: Chain,
    counts: Vec<u32>,
    /// Named votes: who chose what, in order.
    named: Vec<NamedBallot>,
    /// Secret votes: receipt and choice, without the voter.
    secret: Vec<(String, u32)>,
    /// Subjects who voted or whose ballot is being recorded.
    subjects: BTreeSet<String>,
    problems: Vec<VoteProblem>,
    /// Closing waits for ballots being recorded: who closed it, and when.
    closing: Option<(Option<Voter>, u64)>,
    last_progress: Option<Instant>,
    progress_pending: bool,
}

/// Ballots never reach a log: only the vote's public view is shown.
impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("key", &self.key)
            .field("state", &self.vote.state)
            .finish_non_exhaustive()
    }
}

impl Entry {
    fn is_running(&self) -> bool {
        self.vote.state == VoteState::Running && self.closing.is_none()
    }

    fn shows_tally(&self) -> bool {
        match self.vote.state {
            VoteState::Running => self.vote.definition.live_results,
            VoteState::Closed => true,
            VoteState::Cancelled => false,
        }
    }

    fn tally(&self) -> Option<Vec<u32>> {
        self.shows_tally().then(|| self.counts.clone())
    }

    fn ballots(&self) -> Option<Vec<NamedBallot>> {
        (self.shows_tally() && self.vote.definition.kind == VoteKind::Named)
            .then(|| self.named.clone())
    }

    fn view(&self) -> Vote {
        Vote {
            tally: self.tally(),
            ballots: self.ballots(),
            ..self.vote.clone()
        }
    }

    fn is_voter(&self, who: &ParticipantId) -> bool {
        self.vote.voters.iter().any(|v| &v.participant_id == who)
    }
}

/// The `votes` namespace's state: this conference's votes, oldest first, and ballots being
/// recorded.
#[derive(Debug, Default)]
pub(crate) struct Votes {
    votes: Vec<Entry>,
    pending: BTreeMap<u64, Pending>,
    next_claim: u64,
}

type VotesCtx<'a, 'b> = &'a mut Ctx<'b, Alarm>;

impl Votes {
    fn entry(&mut self, id: u32) -> Result<&mut Entry, Refusal> {
        self.votes
            .iter_mut()
            .find(|e| e.vote.id == id)
            .ok_or_else(|| Refusal::not_found("vote"))
    }

    fn running(&mut self, id: u32) -> Result<&mut Entry, Refusal> {
        let entry = self.entry(id)?;
        if !entry.is_running() {
            return Err(Refusal::invalid("this vote has ended"));
        }
        Ok(entry)
    }

    fn start(
        &mut self,
        ctx: VotesCtx<'_, '_>,
        caller: &Member,
        definition: VoteDefinition,
        prepared_id: Option<String>,
    ) -> Result<(), Refusal> {
        let definition = checked_definition(definition).map_err(|e| Refusal::invalid(e.message))?;
        if prepared_id
            .as_ref()
            .is_some_and(|p| p.is_empty() || p.chars().count() > MAX_REASON_CHARS)
        {
            return Err(Refusal::invalid(format!(
                "a prepared vote's id has 1 to {MAX_REASON_CHARS} characters"
            )));
        }
        if self.votes.len() >= MAX_VOTES {
            return Err(Refusal::invalid(format!(
                "a meeting has at most {MAX_VOTES} votes"
            )));
        }
        if self
            .votes
            .iter()
            .any(|e| e.vote.state == VoteState::Running)
        {
            return Err(Refusal::invalid(
                "a vote is running; close or cancel it first",
            ));
        }
        let id = u32::try_from(self.votes.len() + 1).unwrap_or(u32::MAX);
        let now = ctx.now;
        let (room, conference) = ctx.conference;
        let key = format!("vote:{room}:{conference}:{id}");
        let ends_at = definition.seconds.map(|s| {
            let d = Duration::from_secs(u64::from(s));
            ctx.set_timer(Alarm::Close(id), now.mono + d);
            now.after(d).wall_ms
        });
        let voters: Vec<Voter> = ctx
            .roster
            .everyone_inside()
            .filter(|m| eligible(m, &definition))
            .map(voter)
            .collect();
        let mut chain = Chain::new(key.clone(), room.clone());
        chain.append(
            now.wall_ms,
            ProtocolEvent::Created {
                vote_id: id,
                definition: definition.clone(),
                prepared_id: prepared_id.clone(),
                by: voter(caller),
            },
        );
        chain.append(
            now.wall_ms,
            ProtocolEvent::Started {
                eligible: voters.clone(),
                ends_at,
            },
        );
        let entry = Entry {
            counts: vec![0; definition.options.len()],
            vote: Vote {
                id,
                definition,
                prepared_id,
                by: caller.public.id.clone(),
                state: VoteState::Running,
                started_at: now.wall_ms,
                ends_at,
                closed_at: None,
                cancel_reason: None,
                voters,
                voted: Vec::new(),
                tally: None,
                ballots: None,
                protocol_id: None,
            },
            key,
            chain,
            named: Vec::new(),
            secret: Vec::new(),
            subjects: BTreeSet::new(),
            problems: Vec::new(),
            closing: None,
            last_progress: None,
            progress_pending: false,
        };
        ctx.send(
            Audience::Everyone,
            VotesEvent::Started {
                vote: Box::new(entry.view()),
            },
        );
        self.votes.push(entry);
        Ok(())
    }

    fn cast(
        &mut self,
        ctx: VotesCtx<'_, '_>,
        caller: &Member,
        vote_id: u32,
        choice: u32,
    ) -> Result<(), Refusal> {
        let entry = self.running(vote_id)?;
        if !entry.is_voter(&caller.public.id) || !eligible(caller, &entry.vote.definition) {
            return Err(Refusal::forbidden(if caller.has(Role::Guest) {
                "guests do not vote"
            } else {
                "you are not eligible for this vote"
            }));
        }
        if usize::try_from(choice)
            .ok()
            .is_none_or(|c| c >= entry.vote.definition.options.len())
        {
            return Err(Refusal::invalid("choose one of the vote's options"));
        }
        if !entry.subjects.insert(caller.subject.clone()) {
            return Err(Refusal {
                code: ErrorCode::Conflict,
                message: "you have voted already".into(),
            });
        }
        let key = entry.key.clone();
        self.next_claim += 1;
        let claim = self.next_claim;
        self.pending.insert(
            claim,
            Pending {
                vote_id,
                voter: voter(caller),
                subject: caller.subject.clone(),
                choice,
                command_id: ctx.id(),
            },
        );
        ctx.claim_ballot(key, caller.subject.clone(), claim);
        Ok(())
    }

    /// The storage answered a claim: count the ballot, or tell the voter why not.
    pub(crate) fn on_claimed(&mut self, ctx: VotesCtx<'_, '_>, claim: u64, outcome: ClaimOutcome) {
        let Some(p) = self.pending.remove(&claim) else {
            return;
        };
        let at = ctx.now.wall_ms;
        let Ok(entry) = self.entry(p.vote_id) else {
            return;
        };
        if entry.vote.state != VoteState::Running {
            // Cancelled meanwhile: the ballot is void with the vote.
            return;
        }
        let receipt = match outcome {
            ClaimOutcome::Claimed { receipt } => receipt,
            ClaimOutcome::AlreadyVoted => {
                refuse(ctx, &p, ErrorCode::Conflict, "you have voted already");
                self.finish_closing(ctx, p.vote_id);
                return;
            }
            ClaimOutcome::Failed => {
                entry.subjects.remove(&p.subject);
                refuse(
                    ctx,
                    &p,
                    ErrorCode::Internal,
                    "your ballot could not be recorded; please cast it again",
                );
                self.finish_closing(ctx, p.vote_id);
                return;
            }
        };
        let secret = entry.vote.definition.kind == VoteKind::Secret;
        if secret {
            entry.chain.append(
                at,
                ProtocolEvent::Voted {
                    voter: p.voter.clone(),
                },
            );
            entry.secret.push((receipt.clone(), p.choice));
        } else {
            entry.chain.append(
                at,
                ProtocolEvent::Ballot {
                    voter: Some(p.voter.clone()),
                    receipt: None,
                    choice: p.choice,
                },
            );
            entry.named.push(NamedBallot {
                voter: p.voter.clone(),
                choice: p.choice,
            });
        }
        if let Some(count) = usize::try_from(p.choice)
            .ok()
            .and_then(|c| entry.counts.get_mut(c))
        {
            *count += 1;
        }
        entry.vote.voted.push(p.voter.participant_id.clone());
        ctx.send_answer(
            p.voter.participant_id.clone(),
            p.command_id,
            VotesEvent::Accepted {
                ballot: OwnBallot {
                    vote_id: p.vote_id,
                    choice: p.choice,
                    receipt: secret.then_some(receipt),
                },
            },
        );
        if entry.closing.is_some() {
            self.finish_closing(ctx, p.vote_id);
        } else {
            self.progress_soon(ctx, p.vote_id);
        }
    }

    /// Closes the vote: at once, or when the ballots being recorded are in.
    fn close(&mut self, ctx: VotesCtx<'_, '_>, vote_id: u32, by: Option<Voter>) {
        let at = ctx.now.wall_ms;
        let Ok(entry) = self.running(vote_id) else {
            return;
        };
        entry.closing = Some((by, at));
        ctx.cancel_timer(Alarm::Close(vote_id));
        ctx.cancel_timer(Alarm::Progress(vote_id));
        self.finish_closing(ctx, vote_id);
    }

    /// Ends a closing vote whose ballots are all recorded: the ballots of a secret vote (by
    /// receipt, stamped with the close time), the close and the result go into the chain.
    fn finish_closing(&mut self, ctx: VotesCtx<'_, '_>, vote_id: u32) {
        if self.pending.values().any(|p| p.vote_id == vote_id) {
            return;
        }
        let Ok(entry) = self.entry(vote_id) else {
            return;
        };
        let Some((by, at)) = entry.closing.take() else {
            return;
        };
        entry
            .chain
            .append(at, ProtocolEvent::Closed { by: by.clone() });
        entry.secret.sort();
        for (receipt, choice) in std::mem::take(&mut entry.secret) {
            entry.chain.append(
                at,
                ProtocolEvent::Ballot {
                    voter: None,
                    receipt: Some(receipt),
                    choice,
                },
            );
        }
        entry.chain.append(
            at,
            ProtocolEvent::Result {
                eligible: u32::try_from(entry.vote.voters.len()).unwrap_or(u32::MAX),
                voted: u32::try_from(entry.vote.voted.len()).unwrap_or(u32::MAX),
                counts: entry.counts.clone(),
            },
        );
        entry.vote.state = VoteState::Closed;
        entry.vote.closed_at = Some(at);
        Self::ended(ctx, entry, by.map(|v| v.participant_id));
    }

    fn cancel(&mut self, ctx: VotesCtx<'_, '_>, vote_id: u32, by: Option<Voter>, reason: String) {
        let at = ctx.now.wall_ms;
        let Some(entry) = self.votes.iter_mut().find(|e| e.vote.id == vote_id) else {
            return;
        };
        if entry.vote.state != VoteState::Running {
            return;
        }
        ctx.cancel_timer(Alarm::Close(vote_id));
        ctx.cancel_timer(Alarm::Progress(vote_id));
        entry.closing = None;
        entry.secret.clear();
        entry.chain.append(
            at,
            ProtocolEvent::Cancelled {
                by: by.clone(),
                reason: reason.clone(),
            },
        );
        entry.vote.state = VoteState::Cancelled;
        entry.vote.closed_at = Some(at);
        entry.vote.cancel_reason = Some(reason);
        Self::ended(ctx, entry, by.map(|v| v.participant_id));
        // Ballots still being recorded are void with the vote.
        self.pending.retain(|_, p| p.vote_id != vote_id);
    }

    /// Tells everyone and persists the protocol.
    fn ended(ctx: VotesCtx<'_, '_>, entry: &mut Entry, by: Option<ParticipantId>) {
        entry.progress_pending = false;
        ctx.send(
            Audience::Everyone,
            VotesEvent::Ended {
                vote: Box::new(entry.view()),
                by,
            },
        );
        ctx.persist(
            entry.key.clone(),
            Record::VoteProtocol(Box::new(entry.chain.protocol().clone())),
        );
    }

    fn report_problem(
        &mut self,
        ctx: VotesCtx<'_, '_>,
        caller: &Member,
        vote_id: u32,
        problem: Problem,
        text: Option<String>,
    ) -> Result<(), Refusal> {
        let entry = self.running(vote_id)?;
        if !entry.is_voter(&caller.public.id) {
            return Err(Refusal::forbidden(
                "only eligible voters report problems with a vote",
            ));
        }
        let text = match text {
            Some(t) => {
                let kept: String = t.chars().filter(|c| !c.is_control()).collect();
                let kept = kept.trim();
                if kept.chars().count() > MAX_PROBLEM_CHARS {
                    return Err(Refusal::invalid(format!(
                        "a description has at most {MAX_PROBLEM_CHARS} characters"
                    )));
                }
                (!kept.is_empty()).then(|| kept.to_owned())
            }
            None => None,
        };
        if problem == Problem::Other && text.is_none() {
            return Err(Refusal::invalid("describe the problem"));
        }
        let mine = entry
            .problems
            .iter()
            .filter(|p| p.report.voter.participant_id == caller.public.id)
            .count();
        if mine >= MAX_PROBLEMS_PER_VOTER {
            return Err(Refusal {
                code: ErrorCode::RateLimited,
                message: format!(
                    "at most {MAX_PROBLEMS_PER_VOTER} reports per vote; the chair has yours"
                ),
            });
        }
        let report = ProblemReport {
            voter: voter(caller),
            problem,
            text,
        };
        let at = ctx.now.wall_ms;
        entry.chain.append(
            at,
            ProtocolEvent::ProblemReported {
                report: report.clone(),
            },
        );
        let problem = VoteProblem {
            vote_id,
            at,
            report,
        };
        entry.problems.push(problem.clone());
        ctx.send(
            Audience::Moderators,
            VotesEvent::ProblemReported {
                problem: problem.clone(),
            },
        );
        // The reporter learns that it arrived (unless they are a moderator and got it above).
        if !caller.is_chair() {
            ctx.reply(caller, VotesEvent::ProblemReported { problem });
        }
        Ok(())
    }

    /// Sends a vote's progress now, or once [`PROGRESS_INTERVAL`] has passed since the last.
    fn progress_soon(&mut self, ctx: VotesCtx<'_, '_>, vote_id: u32) {
        let Ok(entry) = self.entry(vote_id) else {
            return;
        };
        if entry.progress_pending || !entry.is_running() {
            return;
        }
        match entry.last_progress {
            Some(last) if ctx.now.mono < last + PROGRESS_INTERVAL => {
                entry.progress_pending = true;
                ctx.set_timer(Alarm::Progress(vote_id), last + PROGRESS_INTERVAL);
            }
            _ => self.progress(ctx, vote_id),
        }
    }

    fn progress(&mut self, ctx: VotesCtx<'_, '_>, vote_id: u32) {
        let now = ctx.now.mono;
        let Ok(entry) = self.entry(vote_id) else {
            return;
        };
        entry.progress_pending = false;
        if !entry.is_running() {
            return;
        }
        entry.last_progress = Some(now);
        ctx.send(
            Audience::Everyone,
            VotesEvent::Progress {
                vote_id,
                voters: entry.vote.voters.clone(),
                voted: entry.vote.voted.clone(),
                tally: entry.tally(),
                ballots: entry.ballots(),
            },
        );
    }

    /// A persisted protocol is stored for good: everyone learns its id.
    pub(crate) fn on_persisted(&mut self, ctx: VotesCtx<'_, '_>, key: &str) {
        let Some(entry) = self.votes.iter_mut().find(|e| e.key == key) else {
            return;
        };
        if entry.vote.state == VoteState::Running || entry.vote.protocol_id.is_some() {
            return;
        }
        let protocol_id = record_id(key);
        entry.vote.protocol_id = Some(protocol_id.clone());
        ctx.send(
            Audience::Everyone,
            VotesEvent::ProtocolStored {
                vote_id: entry.vote.id,
                protocol_id,
            },
        );
    }

    /// The last person left: running votes are cancelled (a vote nobody closed has no result).
    pub(crate) fn on_conference_end(&mut self, ctx: VotesCtx<'_, '_>) {
        let running: Vec<u32> = self
            .votes
            .iter()
            .filter(|e| e.vote.state == VoteState::Running)
            .map(|e| e.vote.id)
            .collect();
        for id in running {
            self.cancel(
                ctx,
                id,
                None,
                "the meeting ended while the vote was running".into(),
            );
        }
    }

    /// An eligible voter came or went while a vote runs: the protocol records it.
    fn presence(&mut self, ctx: VotesCtx<'_, '_>, who: &ParticipantId, joined: bool) {
        let roster = ctx.roster;
        let Some(member) = roster.members.iter().find(|m| &m.public.id == who) else {
            return;
        };
        let at = ctx.now.wall_ms;
        let mut changed = Vec::new();
        for entry in self.votes.iter_mut().filter(|e| e.is_running()) {
            if !eligible(member, &entry.vote.definition) && !entry.is_voter(who) {
                continue;
            }
            let voter = voter(member);
            if joined {
                if !entry.is_voter(who) {
                    entry.vote.voters.push(voter.clone());
                    changed.push(entry.vote.id);
                }
                entry.chain.append(at, ProtocolEvent::VoterJoined { voter });
            } else {
                entry.chain.append(at, ProtocolEvent::VoterLeft { voter });
            }
        }
        for id in changed {
            self.progress_soon(ctx, id);
        }
    }
}

/// Tells the voter of `p` why their ballot did not count.
fn refuse(ctx: VotesCtx<'_, '_>, p: &Pending, code: ErrorCode, message: &str) {
    ctx.send_answer(
        p.voter.participant_id.clone(),
        p.command_id,
        ServerEvent::Error(ErrorEvent::new(code, message)),
    );
}

impl Module for Votes {
    type Command = VotesCommand;
    type Timer = Alarm;

    fn permission(command: &VotesCommand) -> Permission {
        match command {
            VotesCommand::Cast { .. } | VotesCommand::ReportProblem { .. } => {
                Permission::Participate
            }
            VotesCommand::Start { .. }
            | VotesCommand::Close { .. }
            | VotesCommand::Cancel { .. } => Permission::Moderate,
        }
    }

    fn on_command(
        &mut self,
        ctx: VotesCtx<'_, '_>,
        caller: &Member,
        command: VotesCommand,
    ) -> Result<(), Refusal> {
        match command {
            VotesCommand::Start {
                definition,
                prepared_id,
            } => self.start(ctx, caller, definition, prepared_id),
            VotesCommand::Cast { vote_id, choice } => self.cast(ctx, caller, vote_id, choice),
            VotesCommand::Close { vote_id } => {
                self.running(vote_id)?;
                self.close(ctx, vote_id, Some(voter(caller)));
                Ok(())
            }
            VotesCommand::Cancel { vote_id, reason } => {
                if self.entry(vote_id)?.vote.state != VoteState::Running {
                    return Err(Refusal::invalid("this vote has ended"));
                }
                let reason = text(&reason, "reason", "the reason", MAX_REASON_CHARS)
                    .map_err(|e| Refusal::invalid(e.message))?;
                self.cancel(ctx, vote_id, Some(voter(caller)), reason);
                Ok(())
            }
            VotesCommand::ReportProblem {
                vote_id,
                problem,
                text,
            } => self.report_problem(ctx, caller, vote_id, problem, text),
        }
    }

    fn on_entered(&mut self, ctx: VotesCtx<'_, '_>, who: &ParticipantId) {
        self.presence(ctx, who, true);
    }

    fn on_left(&mut self, ctx: VotesCtx<'_, '_>, who: &ParticipantId, _reason: LeaveReason) {
        self.presence(ctx, who, false);
    }

    fn on_timeout(&mut self, ctx: VotesCtx<'_, '_>, alarm: Alarm) {
        match alarm {
            Alarm::Close(id) => self.close(ctx, id, None),
            Alarm::Progress(id) => self.progress(ctx, id),
        }
    }

    fn snapshot(&self, _roster: &Roster, viewer: &Member) -> Vec<ServerEvent> {
        let problems = if viewer.is_chair() {
            self.votes
                .iter()
                .filter(|e| e.vote.state == VoteState::Running)
                .flat_map(|e| e.problems.iter().cloned())
                .collect()
        } else {
            Vec::new()
        };
        vec![
            VotesEvent::State {
                votes: self.votes.iter().map(Entry::view).collect(),
                problems,
            }
            .into(),
        ]
    }
}

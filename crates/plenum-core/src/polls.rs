//! The `polls` namespace: moderators start polls (ad hoc or prepared with the meeting), people
//! answer once (or change their answer where the poll allows it), and the polls close by a
//! moderator or by their duration. Results go to moderators live, to everyone live or at the
//! close; who chose what only ever to moderators, and never for anonymous polls. Closing a
//! poll stores the meeting report, which carries every poll with its results.
//!
//! Also here: [`checked_definition`], the one validation of a poll's definition, which the
//! controller uses for prepared polls. Not here: binding votes with a signed protocol.

use crate::change::RoomChange;
use crate::definition::{ChoiceNames, InvalidDefinition, choices, seconds, text};
use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::permission::Permission;
use crate::roster::{Audience, Roster};
use plenum_protocol::control::{LeaveReason, Role};
use plenum_protocol::polls::{
    Poll, PollBallot, PollDefinition, PollResults, PollVoter, PollsCommand, PollsEvent,
};
use plenum_protocol::{ErrorCode, ParticipantId, ServerEvent};
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

/// Longest question, in characters.
pub const MAX_TOPIC_CHARS: usize = 300;
/// Longest answer, in characters.
pub const MAX_ANSWER_CHARS: usize = 100;
/// How many answers a poll offers.
pub const ANSWERS: RangeInclusive<usize> = 2..=12;
/// Shortest and longest duration, in seconds.
pub const POLL_SECONDS: RangeInclusive<u32> = 10..=86_400;
/// Most polls in one conference.
pub const MAX_POLLS: usize = 50;
/// Most polls running at once.
pub const MAX_RUNNING: usize = 5;
/// Longest id of a prepared poll.
pub const MAX_PREPARED_ID_CHARS: usize = 64;
/// Progress of one poll is sent at most this often.
pub const PROGRESS_INTERVAL: Duration = Duration::from_secs(1);

/// The definition as kept (texts trimmed), or why it cannot be used.
pub fn checked_definition(raw: PollDefinition) -> Result<PollDefinition, InvalidDefinition> {
    let topic = text(&raw.topic, "topic", "the question", MAX_TOPIC_CHARS)?;
    let answers = choices(
        &raw.answers,
        &ChoiceNames {
            field: "answers",
            owner: "a poll",
            plural: "answers",
            one: "an answer",
        },
        &ANSWERS,
        MAX_ANSWER_CHARS,
    )?;
    seconds(raw.seconds, "a poll", &POLL_SECONDS)?;
    Ok(PollDefinition {
        topic,
        answers,
        ..raw
    })
}

/// The namespace's deadlines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Alarm {
    /// The poll's duration is over.
    Close(u32),
    /// Send the poll's pending progress.
    Progress(u32),
}

/// One poll with its ballots.
#[derive(Debug)]
struct Entry {
    /// As clients see it, without results.
    poll: Poll,
    counts: Vec<u32>,
    /// Ballots in order of first answer.
    ballots: Vec<PollVoter>,
    by_voter: BTreeMap<ParticipantId, usize>,
    last_progress: Option<Instant>,
    progress_pending: bool,
}

impl Entry {
    fn is_open(&self) -> bool {
        self.poll.closed_at.is_none()
    }

    fn results(&self, with_names: bool) -> PollResults {
        PollResults {
            counts: self.counts.clone(),
            voters: (with_names && !self.poll.definition.anonymous).then(|| self.ballots.clone()),
        }
    }

    /// Whether `viewer` (a chair or not) sees the results now.
    fn shows_results(&self, chair: bool) -> bool {
        chair || self.poll.definition.live_results || !self.is_open()
    }

    /// The poll as a chair (`true`) or anyone else sees it.
    fn view(&self, chair: bool) -> Poll {
        Poll {
            results: self.shows_results(chair).then(|| self.results(chair)),
            ..self.poll.clone()
        }
    }
}

/// Whether `member` may answer a poll defined as `definition`.
fn may_answer(member: &Member, definition: &PollDefinition) -> bool {
    !(member.has(Role::Recorder) || (definition.guests_excluded && member.has(Role::Guest)))
}

fn eligible(roster: &Roster, definition: &PollDefinition) -> u32 {
    let n = roster
        .everyone_inside()
        .filter(|m| may_answer(m, definition))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The `polls` namespace's state: this conference's polls, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Polls {
    polls: Vec<Entry>,
}

type PollsCtx<'a, 'b> = &'a mut Ctx<'b, Alarm>;

impl Polls {
    fn entry(&mut self, id: u32) -> Result<&mut Entry, Refusal> {
        self.polls
            .iter_mut()
            .find(|e| e.poll.id == id)
            .ok_or_else(|| Refusal::not_found("poll"))
    }

    /// Sends an event made for chairs and one made for everyone else.
    fn to_all(ctx: PollsCtx<'_, '_>, event: impl Fn(bool) -> PollsEvent) {
        ctx.send(Audience::Moderators, event(true));
        ctx.send(Audience::NonModerators, event(false));
    }

    fn start(
        &mut self,
        ctx: PollsCtx<'_, '_>,
        by: ParticipantId,
        definition: PollDefinition,
        prepared_id: Option<String>,
    ) -> Result<(), Refusal> {
        let definition = checked_definition(definition).map_err(|e| Refusal::invalid(e.message))?;
        if prepared_id
            .as_ref()
            .is_some_and(|p| p.is_empty() || p.chars().count() > MAX_PREPARED_ID_CHARS)
        {
            return Err(Refusal::invalid(format!(
                "a prepared poll's id has 1 to {MAX_PREPARED_ID_CHARS} characters"
            )));
        }
        if self.polls.len() >= MAX_POLLS {
            return Err(Refusal::invalid(format!(
                "a meeting has at most {MAX_POLLS} polls"
            )));
        }
        if self.polls.iter().filter(|e| e.is_open()).count() >= MAX_RUNNING {
            return Err(Refusal::invalid(format!(
                "at most {MAX_RUNNING} polls run at once; close one first"
            )));
        }
        let id = u32::try_from(self.polls.len() + 1).unwrap_or(u32::MAX);
        let ends_at = definition.seconds.map(|s| {
            let d = Duration::from_secs(u64::from(s));
            ctx.set_timer(Alarm::Close(id), ctx.now.mono + d);
            ctx.now.after(d).wall_ms
        });
        let entry = Entry {
            counts: vec![0; definition.answers.len()],
            poll: Poll {
                id,
                eligible: eligible(ctx.roster, &definition),
                definition,
                prepared_id,
                by,
                started_at: ctx.now.wall_ms,
                ends_at,
                closed_at: None,
                voted: 0,
                results: None,
            },
            ballots: Vec::new(),
            by_voter: BTreeMap::new(),
            last_progress: None,
            progress_pending: false,
        };
        Self::to_all(ctx, |chair| PollsEvent::Started {
            poll: Box::new(entry.view(chair)),
        });
        self.polls.push(entry);
        Ok(())
    }

    fn vote(
        &mut self,
        ctx: PollsCtx<'_, '_>,
        caller: &Member,
        poll_id: u32,
        mut choices: Vec<u32>,
    ) -> Result<(), Refusal> {
        let entry = self.entry(poll_id)?;
        if !entry.is_open() {
            return Err(Refusal::invalid("this poll is closed"));
        }
        let definition = &entry.poll.definition;
        if !may_answer(caller, definition) {
            return Err(Refusal::forbidden(if caller.has(Role::Recorder) {
                "recorders do not answer polls"
            } else {
                "guests may not answer this poll"
            }));
        }
        choices.sort_unstable();
        choices.dedup();
        let answers = definition.answers.len();
        if choices.is_empty() || choices.iter().any(|c| *c as usize >= answers) {
            return Err(Refusal::invalid("choose among the poll's answers"));
        }
        if !definition.multiple && choices.len() != 1 {
            return Err(Refusal::invalid("this poll takes exactly one answer"));
        }
        let me = &caller.public.id;
        match entry.by_voter.get(me).copied() {
            Some(_) if !definition.changeable => {
                return Err(Refusal {
                    code: ErrorCode::Conflict,
                    message: "you have answered; this poll does not allow changes".into(),
                });
            }
            Some(at) => {
                for c in &entry.ballots[at].choices {
                    entry.counts[*c as usize] -= 1;
                }
                entry.ballots[at].choices = choices.clone();
            }
            None => {
                entry.by_voter.insert(me.clone(), entry.ballots.len());
                entry.ballots.push(PollVoter {
                    participant_id: me.clone(),
                    display_name: caller.public.display_name.clone(),
                    choices: choices.clone(),
                });
                entry.poll.voted += 1;
            }
        }
        for c in &choices {
            entry.counts[*c as usize] += 1;
        }
        ctx.reply(
            caller,
            PollsEvent::Voted {
                ballot: PollBallot { poll_id, choices },
            },
        );
        self.progress_soon(ctx, poll_id);
        Ok(())
    }

    /// Sends a poll's progress now, or once [`PROGRESS_INTERVAL`] has passed since the last.
    fn progress_soon(&mut self, ctx: PollsCtx<'_, '_>, poll_id: u32) {
        let Ok(entry) = self.entry(poll_id) else {
            return;
        };
        if entry.progress_pending || !entry.is_open() {
            return;
        }
        match entry.last_progress {
            Some(last) if ctx.now.mono < last + PROGRESS_INTERVAL => {
                entry.progress_pending = true;
                ctx.set_timer(Alarm::Progress(poll_id), last + PROGRESS_INTERVAL);
            }
            _ => self.progress(ctx, poll_id),
        }
    }

    fn progress(&mut self, ctx: PollsCtx<'_, '_>, poll_id: u32) {
        let roster = ctx.roster;
        let now = ctx.now.mono;
        let Ok(entry) = self.entry(poll_id) else {
            return;
        };
        entry.progress_pending = false;
        entry.last_progress = Some(now);
        entry.poll.eligible = eligible(roster, &entry.poll.definition);
        let entry = &*entry;
        Self::to_all(ctx, |chair| PollsEvent::Progress {
            poll_id,
            voted: entry.poll.voted,
            eligible: entry.poll.eligible,
            results: entry.shows_results(chair).then(|| entry.results(chair)),
        });
    }

    fn close(&mut self, ctx: PollsCtx<'_, '_>, poll_id: u32, by: Option<ParticipantId>) {
        let roster = ctx.roster;
        let now = ctx.now;
        let Ok(entry) = self.entry(poll_id) else {
            return;
        };
        if !entry.is_open() {
            return;
        }
        entry.poll.closed_at = Some(now.wall_ms);
        entry.poll.eligible = eligible(roster, &entry.poll.definition);
        entry.progress_pending = false;
        ctx.cancel_timer(Alarm::Close(poll_id));
        ctx.cancel_timer(Alarm::Progress(poll_id));
        let entry = &*entry;
        Self::to_all(ctx, |chair| PollsEvent::Closed {
            poll: Box::new(entry.view(chair)),
            by: by.clone(),
        });
        ctx.change(RoomChange::StoreReport);
    }

    /// Someone came or went: running polls' counts of eligible people change.
    fn eligible_changed(&mut self, ctx: PollsCtx<'_, '_>) {
        let open: Vec<u32> = self
            .polls
            .iter()
            .filter(|e| e.is_open())
            .map(|e| e.poll.id)
            .collect();
        for id in open {
            self.progress_soon(ctx, id);
        }
    }

    /// Every poll with its results (and names where not anonymous), for the meeting report.
    pub(crate) fn report(&self) -> Vec<Poll> {
        self.polls
            .iter()
            .map(|e| Poll {
                results: Some(e.results(true)),
                ..e.poll.clone()
            })
            .collect()
    }
}

impl Module for Polls {
    type Command = PollsCommand;
    type Timer = Alarm;

    fn permission(command: &PollsCommand) -> Permission {
        match command {
            PollsCommand::Vote { .. } => Permission::Participate,
            PollsCommand::Start { .. } | PollsCommand::Close { .. } => Permission::Moderate,
        }
    }

    fn on_command(
        &mut self,
        ctx: PollsCtx<'_, '_>,
        caller: &Member,
        command: PollsCommand,
    ) -> Result<(), Refusal> {
        match command {
            PollsCommand::Start {
                definition,
                prepared_id,
            } => self.start(ctx, caller.public.id.clone(), definition, prepared_id),
            PollsCommand::Vote { poll_id, choices } => self.vote(ctx, caller, poll_id, choices),
            PollsCommand::Close { poll_id } => {
                if !self.entry(poll_id)?.is_open() {
                    return Err(Refusal::invalid("this poll is closed"));
                }
                self.close(ctx, poll_id, Some(caller.public.id.clone()));
                Ok(())
            }
        }
    }

    fn on_entered(&mut self, ctx: PollsCtx<'_, '_>, _who: &ParticipantId) {
        self.eligible_changed(ctx);
    }

    fn on_left(&mut self, ctx: PollsCtx<'_, '_>, _who: &ParticipantId, _reason: LeaveReason) {
        self.eligible_changed(ctx);
    }

    fn on_timeout(&mut self, ctx: PollsCtx<'_, '_>, alarm: Alarm) {
        match alarm {
            Alarm::Close(id) => self.close(ctx, id, None),
            Alarm::Progress(id) => self.progress(ctx, id),
        }
    }

    fn snapshot(&self, _roster: &Roster, viewer: &Member) -> Vec<ServerEvent> {
        let chair = viewer.is_chair();
        let me = &viewer.public.id;
        vec![
            PollsEvent::State {
                polls: self.polls.iter().map(|e| e.view(chair)).collect(),
                mine: self
                    .polls
                    .iter()
                    .filter_map(|e| {
                        let at = *e.by_voter.get(me)?;
                        Some(PollBallot {
                            poll_id: e.poll.id,
                            choices: e.ballots[at].choices.clone(),
                        })
                    })
                    .collect(),
            }
            .into(),
        ]
    }
}

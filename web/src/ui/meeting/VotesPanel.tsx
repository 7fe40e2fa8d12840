// The Votes side panel: the running votes (newest first) as cards to vote in and, for chairs, to
// close or cancel; for chairs the prepared votes (PreparedVoteList.tsx, when signed in) and the
// "New vote" form (VoteForm, "Start vote", with the people present who can vote for "Chosen
// people"); then the ended votes with their results and protocols. A refusal of a command sent
// from here is shown at the form, the prepared votes or the vote it was about, in the user's
// words (never the node's English). The form starts afresh once the vote we started arrives.
// State of the votes is the room store's, the receipts come from this browser's storage;
// commands go through the callbacks.
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomError } from '../../client/roomStore';
import { canEverVote, isRunning, type VotesState } from '../../client/votes';
import type { Participant, ParticipantId, Problem, RoomId, Vote, VoteDefinition } from '../../protocol/generated';
import { VoteForm } from '../votes/VoteForm';
import { PanelSection } from './PanelSection';
import { PreparedVoteList } from './PreparedVoteList';
import { SidePanel } from './SidePanel';
import { VoteCard } from './VoteCard';
import './PollsPanel.css';

export interface VotesPanelProps {
  id: string;
  votes: VotesState;
  selfId: ParticipantId | null;
  chair: boolean;
  roomId: RoomId | null;
  /** The prepared votes of the room's meeting can be fetched (a chair who is signed in). */
  showPrepared: boolean;
  /** Everyone in the room (the form offers those who can vote). */
  participants: readonly Participant[];
  /** Names by participant id. */
  names: Readonly<Record<string, string>>;
  /** Our receipts, by vote id. */
  receipts: Readonly<Record<number, string>>;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  /** The node's last refusal (matched against the commands sent from here). */
  lastError: RoomError | null;
  /** Each returns the command's id, or null when it could not be sent. */
  onStart(definition: VoteDefinition, preparedId?: string): number | null;
  onCast(voteId: number, choice: number): number | null;
  onCloseVote(voteId: number): number | null;
  onCancelVote(voteId: number, reason: string): number | null;
  onReport(voteId: number, problem: Problem, text?: string): number | null;
  onClose(): void;
}

/** Where a command was sent from: the form, the prepared votes, or a vote's card. */
type Place = 'form' | 'prepared' | number;

interface Sent {
  what: 'start' | 'cast' | 'close' | 'cancel' | 'report';
  place: Place;
}

function refusalText(t: TFunction, what: Sent['what'], code: RoomError['code']): string {
  if (code === 'not_found') return t('votes.error.notFound');
  switch (what) {
    case 'start':
      if (code === 'forbidden') return t('votes.error.forbidden');
      if (code === 'conflict') return t('votes.error.startConflict');
      return code === 'invalid_command' ? t('votes.error.startRefused') : t('votes.error.failed');
    case 'cast':
      if (code === 'forbidden') return t('votes.error.castForbidden');
      if (code === 'conflict') return t('votes.error.castConflict');
      return code === 'invalid_command' ? t('votes.error.castRefused') : t('votes.error.failed');
    case 'close':
    case 'cancel':
      if (code === 'forbidden') return t('votes.error.forbidden');
      return code === 'invalid_command' || code === 'conflict' ? t('votes.error.endRefused') : t('votes.error.failed');
    case 'report':
      return code === 'invalid_command' || code === 'forbidden' || code === 'conflict' ? t('votes.error.reportRefused') : t('votes.error.failed');
  }
}

export function VotesPanel(props: VotesPanelProps) {
  const { t } = useTranslation();
  const { votes, selfId, chair } = props;
  const sent = useRef(new Map<number, Sent>());
  const [refusal, setRefusal] = useState<{ place: Place; text: string } | null>(null);
  const [reported, setReported] = useState<ReadonlySet<number>>(() => new Set());
  const [formKey, setFormKey] = useState(0);
  const startedFromForm = useRef(false);

  const list = votes.votes;
  const running = list.filter(isRunning).reverse();
  const ended = list.filter((v) => !isRunning(v)).reverse();
  const errorAt = (place: Place) => (refusal !== null && refusal.place === place ? refusal.text : null);
  const voters = props.participants.filter(canEverVote);

  // A refusal of a command sent from here is shown where it was sent from.
  const { lastError } = props;
  useEffect(() => {
    if (lastError?.id === undefined) return;
    const command = sent.current.get(lastError.id);
    if (command === undefined) return;
    sent.current.delete(lastError.id);
    if (command.what === 'start' && command.place === 'form') startedFromForm.current = false;
    if (command.what === 'report' && typeof command.place === 'number') {
      const place = command.place;
      setReported((current) => new Set([...current].filter((id) => id !== place)));
    }
    setRefusal({ place: command.place, text: refusalText(t, command.what, lastError.code) });
  }, [lastError, t]);

  // The vote we started from the form arrived: the form starts afresh.
  const lastStarted = votes.lastStarted;
  const latestList = useRef(list);
  latestList.current = list;
  useEffect(() => {
    if (!startedFromForm.current || lastStarted === null) return;
    if (latestList.current.find((v) => v.id === lastStarted)?.by !== selfId) return;
    startedFromForm.current = false;
    setFormKey((k) => k + 1);
  }, [lastStarted, selfId]);

  const send = (command: Sent, id: number | null) => {
    if (id === null) {
      setRefusal({ place: command.place, text: t('votes.error.notConnected') });
      return false;
    }
    setRefusal(null);
    sent.current.set(id, command);
    return true;
  };

  const start = (place: 'form' | 'prepared', definition: VoteDefinition, preparedId?: string) => {
    const ok = send({ what: 'start', place }, props.onStart(definition, preparedId));
    if (ok && place === 'form') startedFromForm.current = true;
  };

  const card = (vote: Vote) => (
    <VoteCard
      key={vote.id}
      vote={vote}
      selfId={selfId}
      mine={votes.mine[vote.id]?.ballot}
      receipt={props.receipts[vote.id]}
      chair={chair}
      names={props.names}
      endedBy={votes.endedBy[vote.id]}
      problems={chair ? votes.problems.filter((p) => p.vote_id === vote.id) : []}
      clockOffset={props.clockOffset}
      error={errorAt(vote.id)}
      reported={reported.has(vote.id)}
      onCast={(choice) => void send({ what: 'cast', place: vote.id }, props.onCast(vote.id, choice))}
      onCloseVote={() => void send({ what: 'close', place: vote.id }, props.onCloseVote(vote.id))}
      onCancelVote={(reason) => void send({ what: 'cancel', place: vote.id }, props.onCancelVote(vote.id, reason))}
      onReport={(problem, text) => {
        if (send({ what: 'report', place: vote.id }, props.onReport(vote.id, problem, text))) setReported((current) => new Set([...current, vote.id]));
      }}
    />
  );

  return (
    <SidePanel id={props.id} title={t('votes.title')} closeLabel={t('votes.close')} onClose={props.onClose}>
      <div className="panel-body polls-panel">
        {list.length === 0 && !chair && <p className="polls-empty">{t('votes.empty')}</p>}
        {running.length > 0 && (
          <PanelSection heading={t('votes.runningHeading')}>
            {running.map(card)}
          </PanelSection>
        )}
        {/* A result matters more than what could be started next. */}
        {ended.length > 0 && (
          <PanelSection heading={t('votes.endedHeading')}>
            {ended.map(card)}
          </PanelSection>
        )}
        {chair && props.showPrepared && props.roomId !== null && (
          <PreparedVoteList
            roomId={props.roomId}
            votes={list}
            error={errorAt('prepared')}
            onStart={(prepared) => start('prepared', prepared.definition, prepared.id)}
          />
        )}
        {chair && (
          <PanelSection heading={t('votes.newVote')}>
            <VoteForm key={formKey} submitLabel={t('votes.start')} error={errorAt('form')} people={voters} onSubmit={(definition) => start('form', definition)} />
          </PanelSection>
        )}
      </div>
    </SidePanel>
  );
}

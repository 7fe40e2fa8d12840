// The Polls side panel: the running polls (newest first) as cards to answer and, for chairs, to
// close; for chairs the prepared polls (PreparedPollList.tsx, when signed in) and the "New
// poll" form (PollForm, "Start poll"); then the closed polls with their final results. Before
// sending it checks what the node would refuse anyway (at most 5 running, 50 per meeting); a
// refusal of a command sent from here is shown at the form, the prepared polls or the poll it
// was about, in the user's words (never the node's English). The form starts afresh once the
// poll we started arrives. State of the polls is the room store's; commands go through the
// callbacks.
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { answerBar, isRunning, startBlocker, type PollsState } from '../../client/polls';
import type { RoomError } from '../../client/roomStore';
import type { Participant, Poll, PollDefinition, RoomId } from '../../protocol/generated';
import { PollForm } from '../polls/PollForm';
import { PanelSection } from './PanelSection';
import { PollCard } from './PollCard';
import { PreparedPollList } from './PreparedPollList';
import { SidePanel } from './SidePanel';
import './PollsPanel.css';

export interface PollsPanelProps {
  id: string;
  polls: PollsState;
  /** Ourselves, once joined. */
  self: Participant | undefined;
  chair: boolean;
  roomId: RoomId | null;
  /** The prepared polls of the room's meeting can be fetched (a chair who is signed in). */
  showPrepared: boolean;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  /** The node's last refusal (matched against the commands sent from here). */
  lastError: RoomError | null;
  /** Each returns the command's id, or null when it could not be sent. */
  onStart(definition: PollDefinition, preparedId?: string): number | null;
  onVote(pollId: number, choices: number[]): number | null;
  onClosePoll(pollId: number): number | null;
  onClose(): void;
}

/** Where a command was sent from: the form, the prepared polls, or a poll's card. */
type Place = 'form' | 'prepared' | number;

interface Sent {
  what: 'start' | 'vote' | 'close';
  place: Place;
}

function refusalText(t: TFunction, what: Sent['what'], code: RoomError['code'], blocker: ReturnType<typeof startBlocker>): string {
  if (code === 'not_found') return t('polls.error.notFound');
  switch (what) {
    case 'start':
      if (code === 'forbidden') return t('polls.error.forbidden');
      if (blocker === 'too_many_running') return t('polls.error.tooManyRunning');
      if (blocker === 'too_many_polls') return t('polls.error.tooManyPolls');
      return code === 'invalid_command' ? t('polls.error.startRefused') : t('polls.error.failed');
    case 'vote':
      if (code === 'forbidden') return t('polls.error.voteForbidden');
      if (code === 'conflict') return t('polls.error.voteConflict');
      return code === 'invalid_command' ? t('polls.error.voteRefused') : t('polls.error.failed');
    case 'close':
      return code === 'forbidden' ? t('polls.error.forbidden') : t('polls.error.failed');
  }
}

export function PollsPanel(props: PollsPanelProps) {
  const { t } = useTranslation();
  const { polls, self, chair } = props;
  const sent = useRef(new Map<number, Sent>());
  const [refusal, setRefusal] = useState<{ place: Place; text: string } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const startedFromForm = useRef(false);

  const list = polls.polls;
  const running = list.filter(isRunning).reverse();
  const closed = list.filter((p) => !isRunning(p)).reverse();
  const errorAt = (place: Place) => (refusal !== null && refusal.place === place ? refusal.text : null);

  // A refusal of a command sent from here is shown where it was sent from.
  const { lastError } = props;
  const latestList = useRef(list);
  latestList.current = list;
  useEffect(() => {
    if (lastError?.id === undefined) return;
    const command = sent.current.get(lastError.id);
    if (command === undefined) return;
    sent.current.delete(lastError.id);
    if (command.what === 'start' && command.place === 'form') startedFromForm.current = false;
    setRefusal({ place: command.place, text: refusalText(t, command.what, lastError.code, startBlocker(latestList.current)) });
  }, [lastError, t]);

  // The poll we started from the form arrived: the form starts afresh.
  const lastStarted = polls.lastStarted;
  const selfId = self?.id;
  useEffect(() => {
    if (!startedFromForm.current || lastStarted === null) return;
    if (latestList.current.find((p) => p.id === lastStarted)?.by !== selfId) return;
    startedFromForm.current = false;
    setFormKey((k) => k + 1);
  }, [lastStarted, selfId]);

  const send = (command: Sent, id: number | null) => {
    if (id === null) {
      setRefusal({ place: command.place, text: t('polls.error.notConnected') });
      return false;
    }
    setRefusal(null);
    sent.current.set(id, command);
    return true;
  };

  const start = (place: 'form' | 'prepared', definition: PollDefinition, preparedId?: string) => {
    const blocker = startBlocker(list);
    if (blocker !== null) {
      setRefusal({ place, text: blocker === 'too_many_running' ? t('polls.error.tooManyRunning') : t('polls.error.tooManyPolls') });
      return;
    }
    const ok = send({ what: 'start', place }, props.onStart(definition, preparedId));
    if (ok && place === 'form') startedFromForm.current = true;
  };

  const card = (poll: Poll) => (
    <PollCard
      key={poll.id}
      poll={poll}
      mine={polls.mine[poll.id]}
      bar={answerBar(self, poll.definition)}
      chair={chair}
      clockOffset={props.clockOffset}
      error={errorAt(poll.id)}
      onVote={(choices) => void send({ what: 'vote', place: poll.id }, props.onVote(poll.id, choices))}
      onClosePoll={() => void send({ what: 'close', place: poll.id }, props.onClosePoll(poll.id))}
    />
  );

  return (
    <SidePanel id={props.id} title={t('polls.title')} closeLabel={t('polls.close')} onClose={props.onClose}>
      <div className="panel-body polls-panel">
        {list.length === 0 && !chair && <p className="polls-empty">{t('polls.empty')}</p>}
        {running.length > 0 && (
          <PanelSection heading={t('polls.runningHeading')}>
            {running.map(card)}
          </PanelSection>
        )}
        {chair && props.showPrepared && props.roomId !== null && (
          <PreparedPollList
            roomId={props.roomId}
            polls={list}
            error={errorAt('prepared')}
            onStart={(prepared) => start('prepared', prepared.definition, prepared.id)}
          />
        )}
        {chair && (
          <PanelSection heading={t('polls.newPoll')}>
            <PollForm
              key={formKey}
              submitLabel={t('polls.start')}
              error={errorAt('form')}
              onSubmit={(definition) => start('form', definition)}
            />
          </PanelSection>
        )}
        {closed.length > 0 && (
          <PanelSection heading={t('polls.closedHeading')}>
            {closed.map(card)}
          </PanelSection>
        )}
      </div>
    </SidePanel>
  );
}

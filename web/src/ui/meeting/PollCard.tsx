// One poll in the Polls panel, as an article named by its question: running or closed, the time
// left (on the node's clock, once a second), "3 of 12 answered" and the settings; for people who
// may answer a radio group (one answer) or check boxes (several) with "Submit answer", then
// "Your answer: …" with "Change answer" where the poll allows it; why someone does not answer
// (guests excluded, a recording connection); the results as far as the node sends them (the
// names per answer only for chairs), or that they come when the poll closes; for chairs "Close
// poll". It sends through its callbacks and keeps only what is being chosen.
import { useEffect, useId, useState } from 'react';
import { Button, CheckboxGroup, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { isRunning, type AnswerBar } from '../../client/polls';
import { formatClock } from '../../client/timer';
import type { Poll } from '../../protocol/generated';
import { CheckboxItem, RadioItem } from '../components/Choice';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import { useNow } from '../hooks';
import { PollSettings } from '../polls/PollSettings';
import { ResultBars } from '../polls/ResultBars';
import './PollCard.css';

export interface PollCardProps {
  poll: Poll;
  /** Our own answer, if we gave one. */
  mine: readonly number[] | undefined;
  /** Why we do not answer this poll, or null when we may. */
  bar: AnswerBar | null;
  chair: boolean;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  /** The node's refusal of our last command about this poll, in words. */
  error: string | null;
  onVote(choices: number[]): void;
  onClosePoll(): void;
}

export function PollCard({ poll, mine, bar, chair, clockOffset, error, onVote, onClosePoll }: PollCardProps) {
  const { t } = useTranslation();
  const topicId = useId();
  const hintId = useId();
  const { definition } = poll;
  const running = isRunning(poll);
  const now = useNow(1000, running && poll.ends_at !== undefined) + clockOffset;
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState<string[]>(() => (mine ?? []).map(String));
  const [missing, setMissing] = useState(false);
  // An answer is on its way: not sent twice.
  const [sending, setSending] = useState(false);

  // A new answer of ours was taken: show it.
  useEffect(() => {
    setEditing(false);
    setSending(false);
    setChosen((mine ?? []).map(String));
  }, [mine]);
  // The answer was refused (or could not be sent): it may be sent again.
  useEffect(() => {
    if (error !== null) setSending(false);
  }, [error]);

  const answering = running && bar === null && (mine === undefined || editing);
  const secondsLeft = poll.ends_at === undefined ? null : Math.ceil(Math.max(0, poll.ends_at - now) / 1000);

  const submit = () => {
    if (chosen.length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setSending(true);
    onVote(chosen.map(Number).sort((a, b) => a - b));
  };

  const edit = (on: boolean) => {
    setChosen((mine ?? []).map(String));
    setMissing(false);
    setEditing(on);
  };

  const choose = (values: string[]) => {
    setChosen(values);
    if (values.length > 0) setMissing(false);
  };

  const answerText = (mine ?? []).map((i) => definition.answers[i] ?? '').join(', ');

  return (
    <article className={`poll-card ${running ? '' : 'poll-card-closed'}`} aria-labelledby={topicId} data-poll={poll.id}>
      <div className="poll-card-status">
        <span className={`poll-card-state ${running ? 'poll-card-state-running' : ''}`}>
          {running ? t('polls.card.running') : t('polls.card.closed')}
        </span>
        {running && secondsLeft !== null && (
          <span className="poll-card-time" role="timer" aria-label={t('polls.card.timeLeftLabel')}>
            <Icon name="clock" size={16} />
            {secondsLeft > 0 ? t('polls.card.timeLeft', { time: formatClock(secondsLeft) }) : t('polls.card.closing')}
          </span>
        )}
      </div>
      <h4 id={topicId} className="poll-card-topic">
        {definition.topic}
      </h4>
      <p className="poll-card-count">{t('polls.card.answered', { voted: poll.voted, eligible: poll.eligible })}</p>
      <PollSettings definition={definition} />

      {answering && (
        <div className="poll-card-answer">
          {definition.multiple ? (
            <CheckboxGroup className="group" aria-labelledby={topicId} aria-describedby={hintId} value={chosen} onChange={choose}>
              {definition.answers.map((answer, i) => (
                <CheckboxItem key={i} value={String(i)}>
                  {answer}
                </CheckboxItem>
              ))}
            </CheckboxGroup>
          ) : (
            <RadioGroup
              className="group"
              aria-labelledby={topicId}
              aria-describedby={hintId}
              value={chosen[0] ?? null}
              onChange={(value) => choose([value])}
            >
              {definition.answers.map((answer, i) => (
                <RadioItem key={i} value={String(i)}>
                  {answer}
                </RadioItem>
              ))}
            </RadioGroup>
          )}
          <p id={hintId} className="poll-card-hint">
            {definition.multiple ? t('polls.card.chooseSome') : t('polls.card.chooseOne')}
          </p>
          <ErrorLine text={missing ? t('polls.card.noChoice') : null} />
          <div className="poll-card-actions">
            <Button className="btn btn-primary poll-card-button" onPress={submit} isDisabled={sending}>
              {t('polls.card.submit')}
            </Button>
            {editing && (
              <Button className="btn poll-card-button" onPress={() => edit(false)}>
                {t('polls.card.keep')}
              </Button>
            )}
          </div>
        </div>
      )}

      {mine !== undefined && !answering && (
        <div className="poll-card-mine">
          <p>
            <Icon name="check" size={18} />
            <span>{t('polls.card.yourAnswer', { answer: answerText })}</span>
          </p>
          {running && definition.changeable && bar === null && (
            <Button className="btn poll-card-button" onPress={() => edit(true)}>
              {t('polls.card.change')}
            </Button>
          )}
        </div>
      )}

      {running && bar !== null && (
        <p className="poll-card-note">{bar === 'recorder' ? t('polls.card.recorder') : t('polls.card.guestsExcluded')}</p>
      )}

      {poll.results !== undefined ? (
        <ResultBars
          answers={definition.answers}
          counts={poll.results.counts}
          voted={poll.voted}
          voters={chair ? poll.results.voters : undefined}
          mine={mine}
        />
      ) : (
        running && <p className="poll-card-note">{t('polls.card.resultsLater')}</p>
      )}

      <ErrorLine text={error} />
      {chair && running && (
        <Button className="btn btn-danger-outline poll-card-button" onPress={onClosePoll}>
          {t('polls.card.closePoll')}
        </Button>
      )}
    </article>
  );
}

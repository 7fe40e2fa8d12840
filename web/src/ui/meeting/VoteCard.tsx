// One binding vote in the Votes panel, as an article named by its motion: running, closed or
// cancelled, its kind ("Secret vote" or "Named vote") and the time left (on the node's clock,
// once a second); "2 of 3 have voted" and how many have not, for chairs also their names; the
// settings. For an eligible voter who has not voted, one radio per option with "Cast vote" (sent
// once); afterwards "Your vote: …" and, in a secret vote, the receipt with what it is for and
// "Copy receipt". People who may not vote (guests among them) see the vote without controls and
// a calm line saying so. The tally as far as the node sends it (live, or at the close) with the
// result in one line and, in a named vote, who chose what; a cancelled vote's reason; who ended
// it; the stored protocol (downloads for chairs, a sentence for others); for chairs the problems
// voters reported, "Close vote" and "Cancel vote" (asking for the reason); for eligible voters
// while it runs "Report a problem". It sends through its callbacks and keeps only what is being
// chosen and which dialog is open.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { voteProtocolPdfUrl, voteProtocolUrl } from '../../client/api';
import { formatClock, toLocalTime } from '../../client/timer';
import { hasVoted, isEligible, isRunning, missingVoters, tallyLine } from '../../client/votes';
import type { OwnBallot, ParticipantId, Problem, Vote, VoteProblem } from '../../protocol/generated';
import { RadioItem } from '../components/Choice';
import { CopyButton } from '../components/CopyButton';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import { intlLocale } from '../format';
import { useNow } from '../hooks';
import { ResultBars } from '../polls/ResultBars';
import { VoteSettings } from '../votes/VoteSettings';
import { CancelVoteDialog, ReportProblemDialog } from './VoteDialogs';
import './PollCard.css';
import './VoteCard.css';

export interface VoteCardProps {
  vote: Vote;
  selfId: ParticipantId | null;
  /** Our ballot, when the node took it while we were here. */
  mine: OwnBallot | undefined;
  /** Our receipt for this vote, as kept in this browser. */
  receipt: string | undefined;
  chair: boolean;
  /** Names by participant id (who ended the vote, who reported a problem). */
  names: Readonly<Record<string, string>>;
  /** The moderator who closed or cancelled it. */
  endedBy: ParticipantId | undefined;
  /** Problems voters reported about this vote (chairs only). */
  problems: readonly VoteProblem[];
  /** Node clock minus ours (ms). */
  clockOffset: number;
  /** The node's refusal of our last command about this vote, in words. */
  error: string | null;
  /** Our problem report about this vote was sent. */
  reported: boolean;
  onCast(choice: number): void;
  onCloseVote(): void;
  onCancelVote(reason: string): void;
  onReport(problem: Problem, text?: string): void;
}

function StateBadge({ vote }: { vote: Vote }) {
  const { t } = useTranslation();
  switch (vote.state) {
    case 'running':
      return <span className="poll-card-state poll-card-state-running">{t('votes.card.running')}</span>;
    case 'closed':
      return <span className="poll-card-state">{t('votes.card.closed')}</span>;
    case 'cancelled':
      return <span className="poll-card-state vote-card-state-cancelled">{t('votes.card.cancelled')}</span>;
  }
}

export function VoteCard(props: VoteCardProps) {
  const { vote, selfId, mine, receipt, chair, error } = props;
  const { t, i18n } = useTranslation();
  const topicId = useId();
  const hintId = useId();
  const receiptId = useId();
  const { definition } = vote;
  const running = isRunning(vote);
  const now = useNow(1000, running && vote.ends_at !== undefined) + props.clockOffset;
  const [chosen, setChosen] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  // A ballot is on its way: not sent twice.
  const [sending, setSending] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reporting, setReporting] = useState(false);
  const locale = intlLocale(i18n.language);
  const list = useMemo(() => new Intl.ListFormat(locale, { type: 'conjunction' }), [locale]);
  const time = useMemo(() => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), [locale]);

  // The ballot was refused (or could not be sent): it may be sent again.
  useEffect(() => {
    if (error !== null) setSending(false);
  }, [error]);

  // Our ballot was taken: the focus (on "Cast vote", now gone) moves to what says so.
  const confirmation = useRef<HTMLDivElement>(null);
  const sendingNow = useRef(sending);
  sendingNow.current = sending;
  useEffect(() => {
    if (mine !== undefined && sendingNow.current) confirmation.current?.focus();
  }, [mine]);

  const eligible = isEligible(vote, selfId);
  const voted = mine !== undefined || hasVoted(vote, selfId);
  const balloting = running && eligible && !voted;
  const secondsLeft = vote.ends_at === undefined ? null : Math.ceil(Math.max(0, vote.ends_at - now) / 1000);
  const notYet = missingVoters(vote);
  const secret = definition.kind === 'secret';
  const endedByName = props.endedBy === undefined ? undefined : (props.names[props.endedBy] ?? vote.voters.find((v) => v.participant_id === props.endedBy)?.display_name);

  const cast = () => {
    if (chosen === null) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setSending(true);
    props.onCast(Number(chosen));
  };

  const ballots = vote.ballots?.map((b) => ({ participant_id: b.voter.participant_id, display_name: b.voter.display_name, choices: [b.choice] }));
  const problemText = (problem: VoteProblem) => {
    const name = problem.report.voter.display_name;
    const what = t(`votes.card.problem.${problem.report.problem}`, { name });
    const when = t('votes.card.problemAt', { time: time.format(new Date(toLocalTime(problem.at, props.clockOffset))) });
    return problem.report.text === undefined ? `${what} (${when})` : `${what} (${when}): ${problem.report.text}`;
  };

  return (
    <article className={`poll-card vote-card ${running ? '' : 'poll-card-closed'}`} aria-labelledby={topicId} data-vote={vote.id}>
      <div className="poll-card-status">
        <span className="vote-card-badges">
          <StateBadge vote={vote} />
          <span className={`vote-card-kind ${secret ? 'vote-card-kind-secret' : ''}`}>
            {secret && <Icon name="lock" size={14} />}
            {secret ? t('votes.card.secret') : t('votes.card.named')}
          </span>
        </span>
        {running && secondsLeft !== null && (
          <span className="poll-card-time" role="timer" aria-label={t('votes.card.timeLeftLabel')}>
            <Icon name="clock" size={16} />
            {secondsLeft > 0 ? t('votes.card.timeLeft', { time: formatClock(secondsLeft) }) : t('votes.card.closing')}
          </span>
        )}
      </div>
      <h4 id={topicId} className="poll-card-topic vote-card-topic">
        {definition.topic}
      </h4>
      <p className="poll-card-count">
        {t('votes.card.participation', { voted: vote.voted.length, eligible: vote.voters.length })}
        {running && ' · '}
        {running && (notYet.length === 0 ? t('votes.card.allVoted') : t('votes.card.missing', { count: notYet.length }))}
      </p>
      {chair && running && notYet.length > 0 && (
        <p className="vote-card-missing">{t('votes.card.missingNames', { names: list.format(notYet.map((v) => v.display_name)) })}</p>
      )}
      <VoteSettings definition={definition} />

      {balloting && (
        <div className="poll-card-answer">
          <RadioGroup
            className="group"
            aria-labelledby={topicId}
            aria-describedby={hintId}
            value={chosen}
            onChange={(value) => {
              setChosen(value);
              setMissing(false);
            }}
          >
            {definition.options.map((option, i) => (
              <RadioItem key={i} value={String(i)}>
                {option}
              </RadioItem>
            ))}
          </RadioGroup>
          <p id={hintId} className="poll-card-hint">
            {t('votes.card.choose')} {secret ? t('votes.card.secretNote') : t('votes.card.namedNote')}
          </p>
          <ErrorLine text={missing ? t('votes.card.noChoice') : null} />
          <Button className="btn btn-primary poll-card-button" onPress={cast} isDisabled={sending}>
            <Icon name="vote" size={18} />
            <span>{t('votes.card.cast')}</span>
          </Button>
        </div>
      )}

      {(mine !== undefined || (voted && eligible)) && (
        <div className="poll-card-mine vote-card-mine" ref={confirmation} tabIndex={-1}>
          <p>
            <Icon name="check" size={18} />
            <span>{mine !== undefined ? t('votes.card.yourVote', { option: definition.options[mine.choice] ?? '' }) : t('votes.card.voted')}</span>
          </p>
        </div>
      )}

      {receipt !== undefined && (
        <div className="vote-receipt" role="group" aria-labelledby={receiptId}>
          <p id={receiptId} className="vote-receipt-title">
            {t('votes.card.receiptHeading')}
          </p>
          <code className="vote-receipt-code">{receipt}</code>
          <p className="vote-receipt-explain">{t('votes.card.receiptExplain')}</p>
          <CopyButton text={receipt} label={t('votes.card.copyReceipt')} className="btn poll-card-button" />
        </div>
      )}

      {running && !eligible && <p className="poll-card-note">{t('votes.card.notEligible')}</p>}

      {vote.tally !== undefined && (
        <>
          {!running && (
            <p className="vote-card-result">
              <strong>{t('votes.card.result', { line: tallyLine(definition.options, vote.tally) })}</strong>
            </p>
          )}
          <ResultBars
            answers={definition.options}
            counts={vote.tally}
            voted={vote.tally.reduce((sum, n) => sum + n, 0)}
            voters={ballots}
            mine={mine === undefined ? undefined : [mine.choice]}
            yoursText={t('votes.card.yours')}
          />
        </>
      )}
      {running && vote.tally === undefined && <p className="poll-card-note">{t('votes.card.resultLater')}</p>}

      {vote.state === 'cancelled' && (
        <p className="vote-card-cancelled">
          {t('votes.card.cancelledReason', { reason: vote.cancel_reason ?? '' })}
          {endedByName !== undefined && ` ${t('votes.card.cancelledBy', { name: endedByName })}`}
        </p>
      )}
      {vote.state === 'closed' && (
        <p className="vote-card-ended">{endedByName !== undefined ? t('votes.card.closedBy', { name: endedByName }) : t('votes.card.closedByTime')}</p>
      )}

      {!running &&
        (vote.protocol_id === undefined ? (
          <p className="vote-card-protocol">{t('votes.card.protocolPending')}</p>
        ) : chair ? (
          <div className="vote-card-downloads">
            <a className="btn poll-card-button" href={voteProtocolUrl(vote.protocol_id)} download={`plenum-vote-${vote.protocol_id}.json`}>
              <Icon name="download" size={18} />
              <span>{t('votes.card.downloadJson')}</span>
            </a>
            <a className="btn poll-card-button" href={voteProtocolPdfUrl(vote.protocol_id)} download={`plenum-vote-${vote.protocol_id}.pdf`}>
              <Icon name="download" size={18} />
              <span>{t('votes.card.downloadPdf')}</span>
            </a>
          </div>
        ) : (
          <p className="vote-card-protocol">
            <Icon name="check" size={16} />
            <span>{t('votes.card.protocolStored')}</span>
          </p>
        ))}

      {chair && props.problems.length > 0 && (
        <div className="vote-card-problems">
          <p className="vote-card-problems-title">{t('votes.card.problemsHeading', { count: props.problems.length })}</p>
          <ul>
            {props.problems.map((problem, i) => (
              <li key={`${problem.at}-${i}`}>{problemText(problem)}</li>
            ))}
          </ul>
        </div>
      )}

      {props.reported && (
        <p className="vote-card-reported" role="status">
          {t('votes.card.reportSent')}
        </p>
      )}
      <ErrorLine text={error} />

      {running && (eligible || chair) && (
        <div className="poll-card-actions">
          {eligible && (
            <Button className="btn poll-card-button" onPress={() => setReporting(true)}>
              {t('votes.card.reportProblem')}
            </Button>
          )}
          {chair && (
            <>
              <Button className="btn poll-card-button" onPress={props.onCloseVote}>
                {t('votes.card.closeVote')}
              </Button>
              <Button className="btn btn-danger-outline poll-card-button" onPress={() => setCancelling(true)}>
                {t('votes.card.cancelVote')}
              </Button>
            </>
          )}
        </div>
      )}

      {chair && (
        <CancelVoteDialog
          isOpen={cancelling}
          onOpenChange={setCancelling}
          topic={definition.topic}
          onCancelVote={(reason) => {
            setCancelling(false);
            props.onCancelVote(reason);
          }}
        />
      )}
      {eligible && (
        <ReportProblemDialog
          isOpen={reporting}
          onOpenChange={setReporting}
          onReport={(problem, text) => {
            setReporting(false);
            props.onReport(problem, text);
          }}
        />
      )}
    </article>
  );
}

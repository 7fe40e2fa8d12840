// The timer side panel (chairs only): the running timer with "Stop timer" and, with a ready
// check, "3 of 12 ready" and who is ready and who not yet; "New timer" (an optional title,
// Countdown with minutes and seconds and quick choices, or Stopwatch, "Ask everyone to confirm
// they are ready", "Start timer"); and "Coffee break" (5, 10, 15, 30 minutes or another length,
// "Start break"). It checks the form against the node's limits (client/timer.ts) and sends
// through its callbacks; it keeps no room state and shows no countdown of its own (the card on
// the stage does).
import { useId, useState } from 'react';
import { Button, Label, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { RoomError } from '../../client/roomStore';
import {
  BREAK_CHOICES,
  breakMinutes,
  cleanTitle,
  COUNTDOWN_CHOICES,
  countdownSeconds,
  formatClock,
  MAX_TITLE_CHARS,
  readinessOf,
  type CountdownProblem,
} from '../../client/timer';
import type { Participant, ParticipantId, RunningTimer } from '../../protocol/generated';
import { CheckboxItem, RadioItem } from '../components/Choice';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { SidePanel } from './SidePanel';
import { useCommandRefusal } from './useCommandRefusal';
import './TimerPanel.css';

export interface TimerPanelProps {
  id: string;
  timer: RunningTimer | null;
  /** The node said the countdown's time is up. */
  expired: boolean;
  /** Everyone inside, self included. */
  participants: readonly Participant[];
  selfId: ParticipantId | null;
  /** The node's last refusal (matched against the commands sent from here). */
  lastError: RoomError | null;
  /** Each returns the command's id, or null when it could not be sent. */
  onStart(title: string, seconds: number | null, readyCheck: boolean): number | null;
  onStop(): number | null;
  onStartBreak(minutes: number): number | null;
  onClose(): void;
}

type Kind = 'countdown' | 'stopwatch';

const OTHER = 'other';

export function TimerPanel(props: TimerPanelProps) {
  const { t } = useTranslation();
  const { timer, participants } = props;
  const runningId = useId();
  const newId = useId();
  const breakId = useId();
  const readyListId = useId();
  const notYetListId = useId();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<Kind>('countdown');
  const [minutes, setMinutes] = useState('5');
  const [seconds, setSeconds] = useState('0');
  const [readyCheck, setReadyCheck] = useState(false);
  const [problem, setProblem] = useState<CountdownProblem | null>(null);
  const [breakChoice, setBreakChoice] = useState('10');
  const [otherMinutes, setOtherMinutes] = useState('');
  const [breakProblem, setBreakProblem] = useState(false);
  // A refusal of a command sent from here is shown once.
  const { refusal, sent } = useCommandRefusal(props.lastError);

  const quick = seconds.trim() === '0' || seconds.trim() === '' ? minutes.trim() : '';
  const quickValue = COUNTDOWN_CHOICES.some((m) => String(m) === quick) ? quick : null;

  const start = () => {
    if (kind === 'stopwatch') {
      setProblem(null);
      sent(props.onStart(cleanTitle(title), null, readyCheck));
      return;
    }
    const length = countdownSeconds(minutes, seconds);
    if ('problem' in length) {
      setProblem(length.problem);
      return;
    }
    setProblem(null);
    sent(props.onStart(cleanTitle(title), length.seconds, readyCheck));
  };

  const startBreak = () => {
    const length = breakChoice === OTHER ? breakMinutes(otherMinutes) : Number(breakChoice);
    if (length === null) {
      setBreakProblem(true);
      return;
    }
    setBreakProblem(false);
    sent(props.onStartBreak(length));
  };

  const readiness = timer !== null && timer.ready_check ? readinessOf(timer, participants) : null;
  const nameOf = (p: Participant) => (p.id === props.selfId ? `${p.display_name} ${t('meeting.you')}` : p.display_name);

  return (
    <SidePanel id={props.id} title={t('timer.title')} closeLabel={t('timer.close')} onClose={props.onClose}>
      <div className="panel-body timer-panel">
        <ErrorLine text={refusal === null ? null : t('timer.failed', { message: refusal })} />
        {timer !== null && (
          <section className="timer-section" aria-labelledby={runningId}>
            <h3 id={runningId} className="timer-heading">
              {t('timer.running')}
            </h3>
            <p className="timer-running">
              <Icon name="timer" size={20} />
              <span>
                {timer.title !== '' && <strong className="timer-running-title">{timer.title}</strong>}
                <span className="timer-running-kind">
                  {timer.ends_at === undefined
                    ? t('timer.runningStopwatch')
                    : t('timer.runningCountdown', { time: formatClock((timer.ends_at - timer.started_at) / 1000) })}
                  {props.expired && ` · ${t('timer.timeUp')}`}
                </span>
              </span>
            </p>
            {readiness !== null && (
              <>
                <p className="timer-ready-count">{t('timer.readyCount', { ready: readiness.ready.length, total: participants.length })}</p>
                <h4 id={readyListId} className="timer-list-heading">
                  {t('timer.readyList')}
                </h4>
                <ul className="timer-people" aria-labelledby={readyListId}>
                  {readiness.ready.length === 0 ? (
                    <li className="timer-nobody">{t('timer.nobody')}</li>
                  ) : (
                    readiness.ready.map((p) => <li key={p.id}>{nameOf(p)}</li>)
                  )}
                </ul>
                <h4 id={notYetListId} className="timer-list-heading">
                  {t('timer.notYetList')}
                </h4>
                <ul className="timer-people timer-people-waiting" aria-labelledby={notYetListId}>
                  {readiness.notYet.length === 0 ? (
                    <li className="timer-nobody">{t('timer.nobody')}</li>
                  ) : (
                    readiness.notYet.map((p) => <li key={p.id}>{nameOf(p)}</li>)
                  )}
                </ul>
              </>
            )}
            <Button className="btn btn-small" onPress={() => sent(props.onStop())}>
              {t('timer.stop')}
            </Button>
          </section>
        )}

        <section className="timer-section" aria-labelledby={newId}>
          <h3 id={newId} className="timer-heading">
            {t('timer.newTimer')}
          </h3>
          <Field label={t('timer.titleField')} value={title} onChange={setTitle} maxLength={MAX_TITLE_CHARS} description={t('timer.titleHint')} />
          <RadioGroup className="group" value={kind} onChange={(value) => setKind(value === 'stopwatch' ? 'stopwatch' : 'countdown')}>
            <Label className="group-label">{t('timer.kind')}</Label>
            <div className="segmented">
              <RadioItem value="countdown" plain>
                {t('timer.countdown')}
              </RadioItem>
              <RadioItem value="stopwatch" plain>
                {t('timer.stopwatch')}
              </RadioItem>
            </div>
          </RadioGroup>
          {kind === 'countdown' && (
            <>
              <RadioGroup
                className="group"
                value={quickValue}
                onChange={(value) => {
                  setMinutes(value);
                  setSeconds('0');
                  setProblem(null);
                }}
              >
                <Label className="group-label">{t('timer.quickChoices')}</Label>
                <div className="segmented">
                  {COUNTDOWN_CHOICES.map((m) => (
                    <RadioItem key={m} value={String(m)} plain>
                      {t('timer.minutesShort', { minutes: m })}
                    </RadioItem>
                  ))}
                </div>
              </RadioGroup>
              <div className="timer-length">
                <Field label={t('timer.minutes')} value={minutes} onChange={setMinutes} inputMode="numeric" className="timer-number" />
                <Field label={t('timer.seconds')} value={seconds} onChange={setSeconds} inputMode="numeric" className="timer-number" />
              </div>
              <ErrorLine text={problem === null ? null : t(`timer.problem.${problem}`)} />
            </>
          )}
          <CheckboxItem isSelected={readyCheck} onChange={setReadyCheck}>
            {t('timer.readyCheck')}
          </CheckboxItem>
          {timer !== null && <p className="description">{t('timer.replaces')}</p>}
          <Button className="btn btn-primary timer-start" onPress={start}>
            <Icon name="timer" size={20} />
            <span>{t('timer.start')}</span>
          </Button>
        </section>

        <section className="timer-section" aria-labelledby={breakId}>
          <h3 id={breakId} className="timer-heading">
            {t('coffeeBreak.title')}
          </h3>
          <RadioGroup
            className="group"
            value={breakChoice}
            onChange={(value) => {
              setBreakChoice(value);
              setBreakProblem(false);
            }}
          >
            <Label className="group-label">{t('coffeeBreak.length')}</Label>
            <div className="segmented">
              {BREAK_CHOICES.map((m) => (
                <RadioItem key={m} value={String(m)} plain>
                  {t('timer.minutesShort', { minutes: m })}
                </RadioItem>
              ))}
              <RadioItem value={OTHER} plain>
                {t('coffeeBreak.other')}
              </RadioItem>
            </div>
          </RadioGroup>
          {breakChoice === OTHER && (
            <Field
              label={t('coffeeBreak.otherMinutes')}
              value={otherMinutes}
              onChange={setOtherMinutes}
              inputMode="numeric"
              className="timer-break-minutes"
              error={breakProblem ? t('coffeeBreak.minutesProblem') : null}
              autoFocus
            />
          )}
          <Button className="btn timer-start" onPress={startBreak}>
            <Icon name="coffee" size={20} />
            <span>{t('coffeeBreak.start')}</span>
          </Button>
        </section>
      </div>
    </SidePanel>
  );
}

// The open breakout rooms as chairs run them, in the breakout panel: the time left with "Extend
// by 5 minutes" (without an end: an end 5 minutes from now) and "Shorten by 1 minute", where we are
// with "Return to main room", a "Message to all rooms", every room with its people ("Go to
// <room>", and "Move to…" for each person), and "End breakout rooms" after a confirmation. It
// sends breakout commands through its callback and keeps no room state.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { breakoutSecondsLeft, moveCommand, roomOf, roomsWithPeople } from '../../client/breakout';
import { MAX_BROADCAST_CHARS } from '../../client/breakoutPlan';
import { formatClock } from '../../client/timer';
import type { BreakoutCommand, BreakoutSession, Participant, ParticipantId } from '../../protocol/generated';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { useNow } from '../hooks';
import { RoomSelect } from './RoomSelect';

/** What "Extend" adds and "Shorten" takes away, in seconds. */
export const EXTEND_SECONDS = 300;
export const SHORTEN_SECONDS = 60;

export interface BreakoutOverviewProps {
  session: BreakoutSession;
  /** Everyone inside, self included. */
  participants: readonly Participant[];
  selfId: ParticipantId | null;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  onCommand(command: BreakoutCommand): void;
}

export function BreakoutOverview({ session, participants, selfId, clockOffset, onCommand }: BreakoutOverviewProps) {
  const { t } = useTranslation();
  const timeId = useId();
  const noEndId = useId();
  const roomsId = useId();
  const [message, setMessage] = useState('');
  const [messageProblem, setMessageProblem] = useState(false);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const now = useNow(1000, session.ends_at !== undefined) + clockOffset;
  const secondsLeft = breakoutSecondsLeft(session, now);
  const here = roomOf(session, selfId);
  const mainRoom = t('breakout.mainRoom');
  const nameOf = (p: Participant) => (p.id === selfId ? `${p.display_name} ${t('meeting.you')}` : p.display_name);
  const go = (room: number | null) => {
    if (selfId !== null) onCommand(moveCommand(selfId, room));
  };

  const send = () => {
    const text = message.trim();
    if (text === '') {
      setMessageProblem(true);
      return;
    }
    onCommand({ action: 'broadcast', text });
    setMessage('');
  };

  return (
    <>
      <section className="moderation-section" aria-labelledby={timeId}>
        <h3 id={timeId} className="moderation-heading">
          {t('breakout.running')}
        </h3>
        {secondsLeft === null ? (
          <>
            <p className="breakout-time">{t('breakout.untilEnded')}</p>
            <p className="description" id={noEndId}>
              {t('breakout.extendSetsEnd')}
            </p>
          </>
        ) : (
          <p className="breakout-time" role="timer" aria-label={t('breakout.timeLeftLabel')}>
            {t('breakout.timeLeft', { time: formatClock(secondsLeft) })}
          </p>
        )}
        <div className="breakout-actions">
          <Button
            className="btn btn-compact"
            {...(secondsLeft === null ? { 'aria-describedby': noEndId } : {})}
            onPress={() => onCommand({ action: 'extend', seconds: EXTEND_SECONDS })}
          >
            {t('breakout.extend')}
          </Button>
          {secondsLeft !== null && (
            <Button className="btn btn-compact" onPress={() => onCommand({ action: 'extend', seconds: -SHORTEN_SECONDS })}>
              {t('breakout.shorten')}
            </Button>
          )}
        </div>
        <p className="breakout-where">{here === null ? t('breakout.youAreInMain') : t('breakout.youAreIn', { room: here.name })}</p>
        {here !== null && (
          <Button className="btn btn-small" onPress={() => go(null)}>
            {t('breakout.returnToMain')}
          </Button>
        )}
      </section>

      <div className="moderation-section">
        <Field
          label={t('breakout.message')}
          value={message}
          onChange={(value) => {
            setMessage(value);
            setMessageProblem(false);
          }}
          multiline
          rows={3}
          maxLength={MAX_BROADCAST_CHARS}
          error={messageProblem ? t('breakout.messageProblem') : null}
        />
        <Button className="btn btn-small" onPress={send}>
          <Icon name="send" size={18} />
          <span>{t('breakout.sendMessage')}</span>
        </Button>
      </div>

      <section className="moderation-section" aria-labelledby={roomsId}>
        <h3 id={roomsId} className="moderation-heading">
          {t('breakout.title')}
        </h3>
        <ul className="breakout-rooms">
          {roomsWithPeople(participants, session).map(({ room, people }) => {
            const name = room?.name ?? mainRoom;
            const mine = (room?.id ?? null) === (here?.id ?? null);
            const choices = [{ value: null, name: mainRoom }, ...session.rooms.map((r) => ({ value: r.id, name: r.name }))].filter((c) => c.value !== (room?.id ?? null));
            return (
              <li key={room?.id ?? 'main'} className={`breakout-room ${room === null ? 'breakout-room-main' : ''}`}>
                <div className="breakout-room-head">
                  <h4 className="breakout-room-name">
                    {name} <span className="panel-count">({people.length})</span>
                  </h4>
                  {mine ? (
                    <span className="breakout-here">{t('breakout.youAreHere')}</span>
                  ) : (
                    room !== null && (
                      <Button className="btn btn-compact" onPress={() => go(room.id)}>
                        {t('breakout.goTo', { room: room.name })}
                      </Button>
                    )
                  )}
                </div>
                {people.length === 0 ? (
                  <p className="breakout-nobody">{t('breakout.nobodyYet')}</p>
                ) : (
                  <ul className="breakout-members">
                    {people.map((p) => (
                      <li key={p.id}>
                        <span className="breakout-person">{nameOf(p)}</span>
                        {p.id !== selfId && (
                          <RoomSelect
                            label={t('breakout.moveTo', { name: p.display_name })}
                            choices={choices}
                            placeholder={t('breakout.movePlaceholder')}
                            onChange={(value) => onCommand(moveCommand(p.id, value))}
                          />
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
        <Button className="btn btn-small btn-danger-outline" onPress={() => setConfirmEnd(true)}>
          {t('breakout.end')}
        </Button>
      </section>
      <ConfirmDialog
        isOpen={confirmEnd}
        onOpenChange={setConfirmEnd}
        title={t('breakout.endTitle')}
        body={t('breakout.endBody')}
        confirmLabel={t('breakout.end')}
        onConfirm={() => {
          onCommand({ action: 'end' });
          return Promise.resolve();
        }}
      />
    </>
  );
}

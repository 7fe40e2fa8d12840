// The breakout set-ups prepared with the meeting, at the top of the breakout form (chairs who are
// signed in): fetched from the room (`GET /rooms/{room}/breakout-setups`), each with its name, its
// settings in a few words and a one-click "Use" named "Use “<name>”" that fills the form (who goes
// where is then computed from the people present). When the meeting has none, one sentence says
// where they are prepared; nothing at all while loading, for an ad-hoc room, or when they cannot
// be fetched.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { BreakoutSettings, RoomId } from '../../protocol/generated';
import { BreakoutSummary } from '../breakout/BreakoutSummary';
import { useLoad } from '../data';
import { useServices } from '../services';
import './PreparedRow.css';

export interface PreparedBreakoutListProps {
  roomId: RoomId;
  /** The room belongs to a meeting (whose page is where set-ups are prepared). */
  meetingRoom: boolean;
  onUse(settings: BreakoutSettings): void;
}

export function PreparedBreakoutList({ roomId, meetingRoom, onUse }: PreparedBreakoutListProps) {
  const { t } = useTranslation();
  const { api } = useServices();
  const headingId = useId();
  const { state } = useLoad(() => api.listRoomBreakoutSetups(roomId), [api, roomId]);
  const [status, setStatus] = useState('');
  if (state.status !== 'ready') return null;
  if (state.data.length === 0) return meetingRoom ? <p className="description breakout-prepared-none">{t('breakout.prepared.none')}</p> : null;
  return (
    <section className="moderation-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="moderation-heading">
        {t('breakout.prepared.heading')}
      </h3>
      <ul className="prepared-rows">
        {state.data.map(({ id, setup }) => (
          <li key={id} className="prepared-row">
            <div className="prepared-row-text">
              <span className="prepared-row-title">{setup.name}</span>
              <BreakoutSummary settings={setup.settings} className="prepared-row-detail" />
            </div>
            <Button
              className="btn prepared-row-action"
              aria-label={t('breakout.prepared.use', { name: setup.name })}
              onPress={() => {
                onUse(setup.settings);
                setStatus(t('breakout.prepared.used', { name: setup.name }));
              }}
            >
              {t('breakout.prepared.useShort')}
            </Button>
          </li>
        ))}
      </ul>
      <p className="breakout-status" role="status">
        {status}
      </p>
    </section>
  );
}

// For chairs: the raised hands with their place in the queue and the speaking time each person
// has used, either in queue order or in a fair order (points of order first, then whoever has
// spoken least), each with "Give the floor". Display and callbacks only; the ordering is
// client/participantSort.ts.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { fairOrder, spokenMs, type SpeakingTimes } from '../../client/participantSort';
import type { Hand, ParticipantId } from '../../protocol/generated';
import { SwitchField } from '../components/Choice';
import { Icon } from '../components/Icon';
import { formatDuration } from '../format';
import './moderation.css';

export interface FairOrderProps {
  hands: readonly Hand[];
  speaking: SpeakingTimes;
  names: Readonly<Record<string, string>>;
  now: number;
  onGiveFloor(participant: ParticipantId): void;
}

export function FairOrder({ hands, speaking, names, now, onGiveFloor }: FairOrderProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [fair, setFair] = useState(false);
  const positions = new Map(hands.map((h, i) => [h.participant, i + 1]));
  const shown = fair ? fairOrder(hands, speaking, now) : hands;
  return (
    <section className="hands-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="moderation-heading">
        {t('hands.title', { count: hands.length })}
      </h3>
      <SwitchField isSelected={fair} onChange={setFair}>
        {t('hands.fairOrder')}
      </SwitchField>
      <ol className="hands-list">
        {shown.map((hand) => {
          const name = names[hand.participant] ?? '';
          const textId = `${headingId}-${hand.participant}`;
          return (
            <li key={hand.participant} className={`hands-item ${hand.point_of_order ? 'hands-item-order' : ''}`}>
              <span className="hands-position" aria-hidden="true">
                {positions.get(hand.participant)}
              </span>
              <span className="hands-text" id={textId}>
                <span className="hands-name">
                  {hand.point_of_order && <Icon name="pointOfOrder" size={16} />} {name}
                </span>
                <span className="hands-meta">
                  {hand.point_of_order && <>{t('hands.pointOfOrder')} · </>}
                  {t('hands.queuePlace', { position: positions.get(hand.participant) ?? 0 })} ·{' '}
                  {t('hands.spoken', { time: formatDuration(spokenMs(speaking[hand.participant], now)) })}
                </span>
              </span>
              <Button className="btn btn-compact" aria-describedby={textId} onPress={() => onGiveFloor(hand.participant)}>
                {t('actions.giveFloor')}
              </Button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

// How a poll is set up, as a row of small chips in words: one or several answers, anonymous or
// names visible to moderators, results live or after closing, answers changeable, without
// guests, and the duration. Shown on a poll in the meeting, on a prepared poll and in the
// report. Reads the definition only.
import { useTranslation } from 'react-i18next';
import type { PollDefinition } from '../../protocol/generated';
import './PollSettings.css';

export function PollSettings({ definition }: { definition: PollDefinition }) {
  const { t } = useTranslation();
  const items = [
    definition.multiple ? t('polls.settings.multiple') : t('polls.settings.single'),
    definition.anonymous ? t('polls.settings.anonymous') : t('polls.settings.named'),
    definition.live_results ? t('polls.settings.live') : t('polls.settings.afterClose'),
    ...(definition.changeable ? [t('polls.settings.changeable')] : []),
    ...(definition.guests_excluded ? [t('polls.settings.guestsExcluded')] : []),
    definition.seconds === undefined
      ? t('polls.settings.noLimit')
      : definition.seconds % 60 === 0
        ? t('polls.settings.minutes', { count: definition.seconds / 60 })
        : t('polls.settings.seconds', { count: definition.seconds }),
  ];
  return (
    <ul className="poll-settings" aria-label={t('polls.settings.label')}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

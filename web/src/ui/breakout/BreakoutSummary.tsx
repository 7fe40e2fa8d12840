// A breakout set-up's settings in a few words on one line, for example "4 per room · random ·
// 15 min": the rooms (by number, by participants per room, or one per group), how people are
// assigned, the duration, and the choices that differ from the usual (moderators included, late
// joiners left in the main room). Shown in the list on the meeting's page and in the meeting.
import { useTranslation } from 'react-i18next';
import type { BreakoutSettings } from '../../protocol/generated';

export function BreakoutSummary({ settings, className }: { settings: BreakoutSettings; className: string }) {
  const { t } = useTranslation();
  const parts: string[] =
    settings.assignment === 'groups'
      ? [t('breakout.summary.perGroup')]
      : [
          settings.split_by === 'rooms' ? t('breakout.summary.rooms', { count: settings.rooms }) : t('breakout.summary.size', { size: settings.size }),
          settings.assignment === 'manual' ? t('breakout.summary.manual') : t('breakout.summary.random'),
        ];
  parts.push(settings.minutes === undefined ? t('breakout.summary.unlimited') : t('timer.minutesShort', { minutes: settings.minutes }));
  if (settings.include_moderators) parts.push(t('breakout.summary.withModerators'));
  if (!settings.assign_late_joiners) parts.push(t('breakout.summary.lateJoinersStay'));
  return <span className={className}>{parts.join(' · ')}</span>;
}

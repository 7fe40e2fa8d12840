// Shown to the chairs who stay after "End and debrief": a calm banner saying that only
// moderators remain, with everyone's speaking time in this meeting (most first, live for
// whoever still speaks). Display only.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { spokenMs, type SpeakingTimes } from '../../client/participantSort';
import { formatDuration } from '../format';
import { useNow } from '../hooks';
import './moderation.css';

export interface DebriefBannerProps {
  speaking: SpeakingTimes;
  names: Readonly<Record<string, string>>;
  /** Node clock minus ours. */
  clockOffset: number;
}

export function DebriefBanner({ speaking, names, clockOffset }: DebriefBannerProps) {
  const { t } = useTranslation();
  const captionId = useId();
  const live = Object.values(speaking).some((s) => s.speaking_since !== undefined);
  const now = useNow(1000, live) + clockOffset;
  const rows = Object.values(speaking)
    .map((s) => ({ id: s.participant, name: names[s.participant] ?? '', ms: spokenMs(s, now) }))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
  return (
    <section className="debrief" aria-labelledby={captionId}>
      <h2 id={captionId} className="debrief-title">
        {t('debrief.title')}
      </h2>
      <p>{t('debrief.body')}</p>
      {rows.length > 0 && (
        <table className="speaking-table">
          <caption className="visually-hidden">{t('debrief.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('debrief.name')}</th>
              <th scope="col">{t('debrief.speakingTime')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.name}</th>
                <td>{formatDuration(row.ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

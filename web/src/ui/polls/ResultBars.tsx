// A poll's results as a list, one item per answer in the poll's order: the answer, "3 votes ·
// 25%" in words (so nothing depends on colour), a bar of that share (decorative), the viewer's
// own answer marked, and where names may be shown, who chose it. Shares are of the people who
// answered (with several answers allowed they add up to more than 100%). Used in the meeting
// and in the report, for polls and for votes; it only shows what it is given.
import { useTranslation } from 'react-i18next';
import { share } from '../../client/polls';
import type { PollVoter } from '../../protocol/generated';
import { intlLocale } from '../format';
import './ResultBars.css';

export interface ResultBarsProps {
  answers: readonly string[];
  /** How many chose each answer, in the order of the answers. */
  counts: readonly number[];
  /** How many answered: the whole of each share. */
  voted: number;
  /** Who chose what, where names may be shown. */
  voters?: readonly PollVoter[] | undefined;
  /** The viewer's own choices, marked. */
  mine?: readonly number[] | undefined;
  /** How the viewer's own choice is marked ("(your answer)" unless given). */
  yoursText?: string | undefined;
}

export function ResultBars({ answers, counts, voted, voters, mine, yoursText }: ResultBarsProps) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  return (
    <ul className="poll-results" aria-label={t('polls.results.label')}>
      {answers.map((answer, i) => {
        const count = counts[i] ?? 0;
        const part = share(count, voted);
        const names = (voters ?? []).filter((v) => v.choices.includes(i)).map((v) => v.display_name);
        const chosen = mine?.includes(i) ?? false;
        return (
          <li key={i} className={`poll-result ${chosen ? 'poll-result-mine' : ''}`}>
            <div className="poll-result-head">
              <span className="poll-result-answer">
                {answer}
                {chosen && <span className="poll-result-yours"> {yoursText ?? t('polls.results.yours')}</span>}
              </span>
              <span className="poll-result-count">{t('polls.results.votes', { count, percent: percent.format(part) })}</span>
            </div>
            <div className="poll-result-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, Math.round(part * 100))}%` }} />
            </div>
            {names.length > 0 && <p className="poll-result-names">{t('polls.results.chosenBy', { names: list.format(names) })}</p>}
          </li>
        );
      })}
    </ul>
  );
}

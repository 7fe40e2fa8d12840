// The polls of a meeting report, oldest first: each with its question, its settings, "12 of 15
// answered" and the results per answer with counts, shares and, where the poll was not
// anonymous, the names (the same bars as in the meeting). Reads only.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Poll } from '../../protocol/generated';
import { PollSettings } from '../polls/PollSettings';
import { ResultBars } from '../polls/ResultBars';

export function ReportPolls({ polls }: { polls: readonly Poll[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="surface" aria-labelledby={headingId}>
      <h2 id={headingId} className="surface-title">
        {t('polls.title')}
      </h2>
      <ol className="report-polls">
        {polls.map((poll) => (
          <li key={poll.id} className="report-poll">
            <h3 className="report-poll-topic">{poll.definition.topic}</h3>
            <PollSettings definition={poll.definition} />
            <p className="report-poll-count">{t('polls.report.answered', { voted: poll.voted, eligible: poll.eligible })}</p>
            {poll.voted === 0 || poll.results === undefined ? (
              <p className="empty">{t('polls.report.nobody')}</p>
            ) : (
              <ResultBars answers={poll.definition.answers} counts={poll.results.counts} voted={poll.voted} voters={poll.results.voters} />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

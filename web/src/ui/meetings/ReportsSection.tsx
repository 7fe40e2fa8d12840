// The "Reports" section of a meeting's page (owner and moderators): the attendance and
// speaking-time reports of its room, newest first, each a link to /reports/:id with when it
// took place and how many people attended. Hidden when the server does not let the caller see
// them. Reads only.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import type { RoomId } from '../../protocol/generated';
import { AppLink } from '../components/AppLink';
import { LoadError, Loading } from '../components/Loading';
import { useLoad } from '../data';
import { formatDateTime } from '../format';
import { reportPath } from '../router';
import { useServices } from '../services';

export function ReportsSection({ roomId }: { roomId: RoomId }) {
  const { t, i18n } = useTranslation();
  const { api } = useServices();
  const headingId = useId();
  const { state, reload } = useLoad(() => api.listReports(roomId), [api, roomId]);

  if (state.status === 'failed' && state.error instanceof ApiRequestError && (state.error.status === 403 || state.error.status === 404)) {
    return null;
  }

  return (
    <section className="surface" aria-labelledby={headingId}>
      <div className="surface-head">
        <h2 className="surface-title" id={headingId}>
          {t('reports.title')}
        </h2>
      </div>
      <p className="surface-lead">{t('reports.lead')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          <p className="empty">{t('reports.none')}</p>
        ) : (
          <ul className="items">
            {state.data.map((report) => (
              <li key={report.id} className="item item-compact">
                <div className="item-main">
                  <AppLink href={reportPath(report.id)} className="person-name">
                    {formatDateTime(report.started_at, i18n.language)}
                  </AppLink>
                  <span className="item-meta">
                    <span>{report.ended_at === undefined ? t('reports.running') : t('reports.endedAt', { date: formatDateTime(report.ended_at, i18n.language) })}</span>
                    <span>{t('reports.attendees', { count: report.participants })}</span>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

// One meeting report (/reports/:id, signed in): when the conference took place and a table of
// everyone who was there — name, roles, time attended, speaking time, hands raised — with
// "Download CSV" (the server's file), "Download JSON" (the report as loaded) and, when the chat
// was used, "Download chat" (its messages to everyone as text, from the server); below, the
// polls with their results (ReportPolls.tsx), when there were any. Reads only.
import { useEffect } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, reportChatUrl, reportCsvUrl } from '../../client/api';
import { badgeRoles } from '../../client/roles';
import type { MeetingReport } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useLoad } from '../data';
import { downloadText } from '../download';
import { formatDateTime, formatDuration } from '../format';
import { useServices } from '../services';
import { ReportPolls } from './ReportPolls';
import './ReportPage.css';

export function ReportPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const { state, reload } = useLoad(() => api.getReport(id), [api, id]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') {
    const missing = state.error instanceof ApiRequestError && (state.error.status === 404 || state.error.status === 403);
    return (
      <>
        <PageHeader title={missing ? t('reports.notFoundTitle') : t('reports.pageTitle')} lead={missing ? t('reports.notFoundBody') : undefined} />
        {!missing && <LoadError error={state.error} onRetry={reload} />}
      </>
    );
  }
  return <Report id={id} report={state.data} />;
}

function Report({ id, report }: { id: string; report: MeetingReport }) {
  const { t, i18n } = useTranslation();
  const started = formatDateTime(new Date(report.started_at).toISOString(), i18n.language);
  const ended = report.ended_at === undefined ? null : formatDateTime(new Date(report.ended_at).toISOString(), i18n.language);

  useEffect(() => {
    document.title = `${t('reports.pageTitle')} · ${t('app.name')}`;
  }, [t]);

  return (
    <>
      <PageHeader
        title={t('reports.pageTitle')}
        lead={ended === null ? t('reports.runningSince', { date: started }) : t('reports.fromTo', { start: started, end: ended })}
      >
        <a className="btn" href={reportCsvUrl(id)} download={`plenum-report-${id}.csv`}>
          <Icon name="download" size={20} />
          <span>{t('reports.downloadCsv')}</span>
        </a>
        <Button
          className="btn"
          onPress={() => downloadText(`plenum-report-${id}.json`, `${JSON.stringify(report, null, 2)}\n`, 'application/json;charset=utf-8')}
        >
          <Icon name="download" size={20} />
          <span>{t('reports.downloadJson')}</span>
        </Button>
        {report.chat.length > 0 && (
          <a className="btn" href={reportChatUrl(id)} download={`plenum-chat-${id}.txt`}>
            <Icon name="download" size={20} />
            <span>{t('reports.downloadChat', { count: report.chat.length })}</span>
          </a>
        )}
      </PageHeader>
      <section className="surface">
        <div className="report-scroll">
        <table className="report-table">
          <caption className="visually-hidden">{t('reports.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.name')}</th>
              <th scope="col">{t('reports.roles')}</th>
              <th scope="col">{t('reports.attended')}</th>
              <th scope="col">{t('reports.speakingTime')}</th>
              <th scope="col">{t('reports.handsRaised')}</th>
            </tr>
          </thead>
          <tbody>
            {report.participants.map((p) => (
              <tr key={p.participant_id}>
                <th scope="row">{p.display_name}</th>
                <td>
                  {badgeRoles(p)
                    .map((role) => t(`role.${role}`))
                    .join(', ')}
                </td>
                <td>{formatDuration(p.attended_ms)}</td>
                <td>{formatDuration(p.speaking_ms)}</td>
                <td>{p.hands_raised}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {report.participants.length === 0 && <p className="empty">{t('reports.nobody')}</p>}
      </section>
      {report.polls.length > 0 && <ReportPolls polls={report.polls} />}
    </>
  );
}

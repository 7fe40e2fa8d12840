// Home for signed-in people (D1): "Start meeting now", today's meetings with their times and a
// "Start" button ("Join" where someone else hosts), what comes next (a recurring meeting once,
// with the number of further dates), open invitations (Accept/Decline), favourites and recurring
// meetings. Loads `GET /dashboard?tz=<browser zone>`; reloads after answers and star changes.
import { useId, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { browserTimeZone } from '../../client/calendar';
import { groupByMeeting } from '../../client/occurrences';
import type { Dashboard, Me, Meeting } from '../../protocol/generated';
import { AppLink } from '../components/AppLink';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useLoad } from '../data';
import { describeError } from '../errors';
import { MeetingRow, OccurrenceRow } from '../meetings/MeetingParts';
import { useServices } from '../services';
import { StartNowButton } from './StartNowButton';
import './DashboardPage.css';

function Panel({ title, count, children, className = '' }: { title: string; count?: number; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section className={`surface ${className}`.trim()} aria-labelledby={id}>
      <h2 className="surface-title" id={id}>
        {title}
        {count !== undefined && count > 0 && <span className="count" aria-hidden="true">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

function InvitationActions({ meeting, onAnswered }: { meeting: Meeting; onAnswered(): void }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const answer = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await api.answerInvitation(meeting.id, { accept });
      onAnswered();
    } catch (e) {
      setError(describeError(t, e));
      setBusy(false);
    }
  };
  return (
    <>
      <Button className="btn btn-small" onPress={() => void answer(true)} isDisabled={busy}>
        {t('invitations.accept')}
      </Button>
      <Button className="btn btn-small" onPress={() => void answer(false)} isDisabled={busy}>
        {t('invitations.decline')}
      </Button>
      {error !== null && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

export function DashboardPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [timeZone] = useState(browserTimeZone);
  const { state, reload, update } = useLoad(() => api.getDashboard(timeZone), [api, timeZone]);

  const setFavourite = (meeting: Meeting, favourite: boolean) => {
    update((d: Dashboard) => {
      const mark = (m: Meeting) => (m.id === meeting.id ? { ...m, favourite } : m);
      return {
        ...d,
        favourites: favourite ? [...d.favourites.filter((m) => m.id !== meeting.id), { ...meeting, favourite }] : d.favourites.filter((m) => m.id !== meeting.id),
        recurring: d.recurring.map(mark),
        invitations: d.invitations.map(mark),
      };
    });
  };

  return (
    <>
      <PageHeader title={t('dashboard.greeting', { name: me.display_name })} lead={t('dashboard.lead')} />
      <section className="hero" aria-label={t('dashboard.startSection')}>
        <div className="hero-text">
          <h2>{t('dashboard.startTitle')}</h2>
          <p>{t('dashboard.startBody')}</p>
        </div>
        <div className="hero-actions">
          <StartNowButton />
          <AppLink href="/meetings/new" className="btn btn-large">
            <Icon name="calendar" size={22} />
            <span>{t('meetings.plan')}</span>
          </AppLink>
        </div>
      </section>

      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' && (
        <div className="dashboard-grid">
          <div className="dashboard-column">
            <Panel title={t('dashboard.today')} count={state.data.today.length}>
              {state.data.today.length === 0 ? (
                <Empty>{t('dashboard.nothingToday')}</Empty>
              ) : (
                <ul className="items">
                  {state.data.today.map((o) => (
                    <OccurrenceRow key={`${o.meeting_id}/${o.start}`} occurrence={o} />
                  ))}
                </ul>
              )}
            </Panel>
            <Panel title={t('dashboard.upcoming')}>
              {state.data.upcoming.length === 0 ? (
                <Empty>{t('dashboard.nothingUpcoming')}</Empty>
              ) : (
                <ul className="items">
                  {groupByMeeting(state.data.upcoming).map(({ next, more }) => (
                    <OccurrenceRow key={`${next.meeting_id}/${next.start}`} occurrence={next} withDay more={more} />
                  ))}
                </ul>
              )}
              <AppLink href="/meetings?view=agenda" className="surface-link">
                {t('dashboard.openAgenda')}
              </AppLink>
            </Panel>
          </div>
          <div className="dashboard-column">
            <Panel title={t('dashboard.invitations')} count={state.data.invitations.length}>
              {state.data.invitations.length === 0 ? (
                <Empty>{t('dashboard.noInvitations')}</Empty>
              ) : (
                <ul className="items">
                  {state.data.invitations.map((m) => (
                    <MeetingRow
                      key={m.id}
                      meeting={m}
                      showStart={false}
                      actions={
                        <InvitationActions
                          meeting={m}
                          onAnswered={() => {
                            update((d) => ({ ...d, invitations: d.invitations.filter((x) => x.id !== m.id) }));
                            reload();
                          }}
                        />
                      }
                    />
                  ))}
                </ul>
              )}
            </Panel>
            <Panel title={t('dashboard.favourites')}>
              {state.data.favourites.length === 0 ? (
                <Empty>{t('dashboard.noFavourites')}</Empty>
              ) : (
                <ul className="items">
                  {state.data.favourites.map((m) => (
                    <MeetingRow key={m.id} meeting={m} onFavouriteChange={(f) => setFavourite(m, f)} />
                  ))}
                </ul>
              )}
            </Panel>
            <Panel title={t('dashboard.recurring')}>
              {state.data.recurring.length === 0 ? (
                <Empty>{t('dashboard.noRecurring')}</Empty>
              ) : (
                <ul className="items">
                  {state.data.recurring.map((m) => (
                    <MeetingRow key={m.id} meeting={m} onFavouriteChange={(f) => setFavourite(m, f)} />
                  ))}
                </ul>
              )}
            </Panel>
          </div>
        </div>
      )}
    </>
  );
}

// Meetings (/meetings): two views as tabs. "List" pages through `GET /meetings` with the filter
// mine/invited/all and "Load more"; "Agenda" shows the occurrences of the next 14 days from
// `GET /meetings/occurrences`, grouped by day in the browser's time zone. The view is kept in
// the URL (`?view=agenda`).
import { useEffect, useId, useState } from 'react';
import { Button, Label, Radio, RadioGroup, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { MeetingFilter } from '../../client/api';
import { groupByDay, startOfLocalDay } from '../../client/calendar';
import type { Meeting } from '../../protocol/generated';
import { AppLink } from '../components/AppLink';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { isUnauthorized, useLoad } from '../data';
import { describeError } from '../errors';
import { formatDayHeading } from '../format';
import { navigate, type MeetingsView } from '../router';
import { useServices } from '../services';
import { MeetingRow, OccurrenceRow } from './MeetingParts';

export const AGENDA_DAYS = 14;

export function MeetingsPage({ view }: { view: MeetingsView }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('meetings.title')}>
        <AppLink href="/meetings/new" className="btn btn-primary">
          <Icon name="plus" size={20} />
          <span>{t('meetings.plan')}</span>
        </AppLink>
      </PageHeader>
      <Tabs
        className="tabs"
        selectedKey={view}
        onSelectionChange={(key) => navigate(key === 'agenda' ? '/meetings?view=agenda' : '/meetings', { replace: true })}
      >
        <TabList className="tab-list" aria-label={t('meetings.views')}>
          <Tab id="list" className="tab">
            {t('meetings.listView')}
          </Tab>
          <Tab id="agenda" className="tab">
            {t('meetings.agendaView')}
          </Tab>
        </TabList>
        <TabPanel id="list" className="tab-panel">
          <MeetingList />
        </TabPanel>
        <TabPanel id="agenda" className="tab-panel">
          <Agenda />
        </TabPanel>
      </Tabs>
    </>
  );
}

type ListState = { status: 'loading' } | { status: 'failed'; error: unknown } | { status: 'ready'; items: Meeting[]; cursor: string | null };

function MeetingList() {
  const { t } = useTranslation();
  const { api, session } = useServices();
  const [filter, setFilter] = useState<MeetingFilter>('all');
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    api.listMeetings(filter).then(
      (page) => {
        if (current) setState({ status: 'ready', items: page.items, cursor: page.next_cursor ?? null });
      },
      (error: unknown) => {
        if (!current) return;
        if (isUnauthorized(error)) session.expire();
        setState({ status: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [api, session, filter, attempt]);

  const loadMore = async () => {
    if (state.status !== 'ready' || state.cursor === null) return;
    setMore({ busy: true, error: null });
    try {
      const page = await api.listMeetings(filter, { cursor: state.cursor });
      setState({ status: 'ready', items: [...state.items, ...page.items], cursor: page.next_cursor ?? null });
      setMore({ busy: false, error: null });
    } catch (e) {
      setMore({ busy: false, error: describeError(t, e) });
    }
  };

  const setFavourite = (id: string, favourite: boolean) =>
    setState((s) => (s.status === 'ready' ? { ...s, items: s.items.map((m) => (m.id === id ? { ...m, favourite } : m)) } : s));

  return (
    <div className="surface">
      <RadioGroup className="group filter" orientation="horizontal" value={filter} onChange={(v) => setFilter(v as MeetingFilter)}>
        <Label className="group-label">{t('meetings.filter')}</Label>
        <div className="segmented">
          <Radio className="radio" value="all">
            {t('meetings.filterAll')}
          </Radio>
          <Radio className="radio" value="mine">
            {t('meetings.filterMine')}
          </Radio>
          <Radio className="radio" value="invited">
            {t('meetings.filterInvited')}
          </Radio>
        </div>
      </RadioGroup>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={() => setAttempt((n) => n + 1)} />}
      {state.status === 'ready' && (
        <>
          {state.items.length === 0 ? (
            <p className="empty">{t(`meetings.empty.${filter}`)}</p>
          ) : (
            <ul className="items" aria-label={t('meetings.title')}>
              {state.items.map((m) => (
                <MeetingRow key={m.id} meeting={m} level={2} onFavouriteChange={(f) => setFavourite(m.id, f)} />
              ))}
            </ul>
          )}
          {state.cursor !== null && (
            <div className="load-more">
              <Button className="btn" onPress={() => void loadMore()} isDisabled={more.busy}>
                {more.busy ? t('common.loading') : t('common.loadMore')}
              </Button>
              {more.error !== null && (
                <span className="inline-error" role="alert">
                  {more.error}
                </span>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}

function Agenda() {
  const { t, i18n } = useTranslation();
  const { api } = useServices();
  const [range] = useState(() => {
    const from = startOfLocalDay(new Date());
    const to = new Date(from.getTime());
    to.setDate(to.getDate() + AGENDA_DAYS);
    return { from, to };
  });
  const { state, reload } = useLoad(() => api.listOccurrences(range.from.toISOString(), range.to.toISOString()), [api, range]);
  const headingPrefix = useId();

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') return <LoadError error={state.error} onRetry={reload} />;
  const days = groupByDay(state.data);
  return (
    <div className="agenda">
      <p className="surface-lead">{t('meetings.agendaLead', { days: AGENDA_DAYS })}</p>
      {days.length === 0 && (
        <div className="surface">
          <p className="empty">{t('meetings.agendaEmpty', { days: AGENDA_DAYS })}</p>
        </div>
      )}
      {days.map(({ day, items }) => (
        <section key={day} className="surface agenda-day" aria-labelledby={`${headingPrefix}-${day}`}>
          <h2 className="surface-title" id={`${headingPrefix}-${day}`}>
            {formatDayHeading(t, day, i18n.language, new Date())}
          </h2>
          <ul className="items">
            {items.map((o) => (
              <OccurrenceRow key={`${o.meeting_id}/${o.start}`} occurrence={o} level={3} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

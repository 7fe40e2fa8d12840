// One meeting (/meetings/:id): everything about it, "Start", "Copy room link", the favourite
// star, the answer to one's invitation, and for the owner "Edit" and "Delete" (confirmed). For
// recurring meetings the next dates with "Cancel this occurrence" (and "Restore" for cancelled
// ones); for owner and moderators the invitations ("Revoke", "Invite more"), guest links
// (created with an optional expiry, the link shown once with a copy button; "Revoke"), the
// prepared polls (PollsSection.tsx), votes (VotesSection.tsx) and breakout set-ups
// (BreakoutSetupsSection.tsx), all edited by the owner, the reports of its room
// (ReportsSection.tsx), its past votes with their protocols (PastVotesSection.tsx) and, for the
// owner, its own background pictures (BackgroundsSection.tsx).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { originalStartOf, splitLocal } from '../../client/calendar';
import { invitationBatches, invitationName, type PendingInvitee } from '../../client/invitations';
import type { GuestLink, Invitation, Meeting, Occurrence } from '../../protocol/generated';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyButton } from '../components/CopyButton';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useLoad } from '../data';
import { describeError } from '../errors';
import { formatDate, formatDateTime, formatShortDay, formatTimeRange, scheduleSummary } from '../format';
import { editMeetingPath, navigate, roomPath } from '../router';
import { useServices } from '../services';
import { FavouriteButton, RoleBadge, StartButton } from './MeetingParts';
import { ParticipantPicker } from './ParticipantPicker';
import { PastVotesSection } from './PastVotesSection';
import { BackgroundsSection } from './BackgroundsSection';
import { BreakoutSetupsSection } from './BreakoutSetupsSection';
import { PollsSection } from './PollsSection';
import { ReportsSection } from './ReportsSection';
import { Section } from './Section';
import { VotesSection } from './VotesSection';
import './meetings.css';

/** How far ahead the list of a recurring meeting's dates reaches. */
export const OCCURRENCE_DAYS = 90;
const OCCURRENCES_SHOWN = 8;

function useOrigin(): string {
  const { pageUrl } = useServices();
  return new URL(pageUrl()).origin;
}

export function MeetingDetailsPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const { state, reload, update } = useLoad(() => api.getMeeting(id), [api, id]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') {
    const missing = state.error instanceof ApiRequestError && state.error.status === 404;
    return (
      <>
        <PageHeader title={missing ? t('details.notFoundTitle') : t('details.title')} lead={missing ? t('details.notFoundBody') : undefined} />
        {!missing && <LoadError error={state.error} onRetry={reload} />}
      </>
    );
  }
  return <Details meeting={state.data} onChange={(m) => update(() => m)} reload={reload} />;
}

function Details({ meeting, onChange, reload }: { meeting: Meeting; onChange(meeting: Meeting): void; reload(): void }) {
  const { t, i18n } = useTranslation();
  const { api } = useServices();
  const origin = useOrigin();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const owner = meeting.my_role === 'owner';
  const manages = owner || meeting.my_role === 'moderator';
  const recurring = meeting.schedule.kind === 'timed' && meeting.schedule.recurrence !== undefined;

  return (
    <>
      <PageHeader title={meeting.title} lead={meeting.subtitle !== '' ? meeting.subtitle : undefined}>
        <FavouriteButton meeting={meeting} onChange={(favourite) => onChange({ ...meeting, favourite })} />
        <CopyButton text={`${origin}${roomPath(meeting.room_id)}`} label={t('details.copyRoomLink')} />
        <StartButton roomId={meeting.room_id} role={meeting.my_role} />
      </PageHeader>

      {meeting.my_invitation !== undefined && <InvitationAnswerPanel meeting={meeting} onAnswered={reload} />}

      <div className="details-grid">
        <Section
          title={t('details.about')}
          actions={
            owner && (
              <div className="surface-actions">
                <Button className="btn btn-small" onPress={() => navigate(editMeetingPath(meeting.id))}>
                  {t('details.edit')}
                </Button>
                <Button className="btn btn-small btn-danger-outline" onPress={() => setConfirmDelete(true)}>
                  {t('details.delete')}
                </Button>
              </div>
            )
          }
        >
          <dl className="facts">
            <div>
              <dt>{t('details.when')}</dt>
              <dd>{scheduleSummary(t, meeting.schedule, i18n.language)}</dd>
            </div>
            <div>
              <dt>{t('details.organiser')}</dt>
              <dd>{owner ? t('details.you', { name: meeting.owner.display_name }) : meeting.owner.display_name}</dd>
            </div>
            <div>
              <dt>{t('details.yourRole')}</dt>
              <dd>
                <RoleBadge role={meeting.my_role} />
              </dd>
            </div>
            <div>
              <dt>{t('details.password')}</dt>
              <dd>{meeting.has_password ? t('details.passwordOn') : t('details.passwordOff')}</dd>
            </div>
            <div>
              <dt>{t('details.waitingRoom')}</dt>
              <dd>{t(`details.waitingRoomChoice.${meeting.waiting_room}`)}</dd>
            </div>
            <div>
              <dt>{t('details.muteOnEntry')}</dt>
              <dd>{meeting.mute_on_entry ? t('details.muteOnEntryOn') : t('details.muteOnEntryOff')}</dd>
            </div>
            <div>
              <dt>{t('details.simpleMode')}</dt>
              <dd>{meeting.simple_mode ? t('details.simpleModeOn') : t('details.simpleModeOff')}</dd>
            </div>
          </dl>
          {meeting.details !== '' && (
            <div className="details-text">
              <h3 className="facts-heading">{t('details.details')}</h3>
              <p>{meeting.details}</p>
            </div>
          )}
        </Section>

        {recurring && <OccurrencesSection meeting={meeting} onChange={onChange} />}
        {manages && <InvitationsSection meeting={meeting} />}
        {manages && <GuestLinksSection meeting={meeting} />}
        {manages && <PollsSection meeting={meeting} />}
        {manages && <VotesSection meeting={meeting} />}
        {manages && <BreakoutSetupsSection meeting={meeting} />}
        {meeting.my_role === 'owner' && <BackgroundsSection meeting={meeting} />}
        {manages && <ReportsSection roomId={meeting.room_id} />}
        {manages && <PastVotesSection roomId={meeting.room_id} />}
      </div>

      <ConfirmDialog
        isOpen={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={t('details.deleteTitle', { title: meeting.title })}
        body={t('details.deleteBody')}
        confirmLabel={t('details.delete')}
        onConfirm={async () => {
          await api.deleteMeeting(meeting.id);
          navigate('/meetings', { replace: true });
        }}
      />
    </>
  );
}

function InvitationAnswerPanel({ meeting, onAnswered }: { meeting: Meeting; onAnswered(): void }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = meeting.my_invitation;
  const answer = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await api.answerInvitation(meeting.id, { accept });
      onAnswered();
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`invitation-banner ${status === 'pending' ? 'invitation-pending' : ''}`}>
      <p>
        {status === 'pending'
          ? t('details.invitedBy', { name: meeting.owner.display_name })
          : status === 'accepted'
            ? t('details.accepted')
            : t('details.declined')}
      </p>
      <div className="form-actions">
        {status !== 'accepted' && (
          <Button className="btn btn-primary btn-small" onPress={() => void answer(true)} isDisabled={busy}>
            {t('invitations.accept')}
          </Button>
        )}
        {status !== 'declined' && (
          <Button className="btn btn-small" onPress={() => void answer(false)} isDisabled={busy}>
            {t('invitations.decline')}
          </Button>
        )}
      </div>
      <ErrorLine text={error} />
    </div>
  );
}

function OccurrencesSection({ meeting, onChange }: { meeting: Meeting; onChange(meeting: Meeting): void }) {
  const { t, i18n } = useTranslation();
  const { api } = useServices();
  const [range] = useState(() => {
    const from = new Date();
    const to = new Date(from.getTime());
    to.setDate(to.getDate() + OCCURRENCE_DAYS);
    return { from: from.toISOString(), to: to.toISOString() };
  });
  const { state, reload } = useLoad(() => api.listOccurrences(range.from, range.to), [api, range, meeting.exceptions]);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The occurrence whose cancellation waits for confirmation.
  const [confirming, setConfirming] = useState<{ original: string; when: string } | null>(null);
  const owner = meeting.my_role === 'owner';
  const cancelled = meeting.exceptions.filter((e) => e.cancelled);

  const run = async (key: string, action: () => Promise<Meeting>) => {
    setBusyKey(key);
    setError(null);
    try {
      onChange(await action());
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusyKey(null);
    }
  };

  const mine = (list: Occurrence[]) => list.filter((o) => o.meeting_id === meeting.id).slice(0, OCCURRENCES_SHOWN);
  const localText = (local: string) => {
    const { date, time } = splitLocal(local);
    return `${formatDate(date, i18n.language)}, ${time}`;
  };

  return (
    <Section title={t('details.occurrences')}>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (mine(state.data).length === 0 ? (
          <p className="empty">{t('details.noOccurrences', { days: OCCURRENCE_DAYS })}</p>
        ) : (
          <ul className="items">
            {mine(state.data).map((o) => {
              const original = originalStartOf(o, meeting);
              return (
                <li key={o.start} className="item item-compact">
                  <div className="item-main">
                    <span className="occurrence-when">
                      {formatShortDay(o.start, i18n.language)} · {formatTimeRange(o.start, o.end, i18n.language)}
                    </span>
                  </div>
                  {owner && original !== null && (
                    <Button
                      className="btn btn-small"
                      isDisabled={busyKey !== null}
                      onPress={() => setConfirming({ original, when: `${formatShortDay(o.start, i18n.language)} · ${formatTimeRange(o.start, o.end, i18n.language)}` })}
                    >
                      {t('details.cancelOccurrence')}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        ))}
      {cancelled.length > 0 && (
        <>
          <h3 className="facts-heading">{t('details.cancelledOccurrences')}</h3>
          <ul className="items">
            {cancelled.map((c) => (
              <li key={c.original_start} className="item item-compact">
                <div className="item-main">
                  <span className="occurrence-when occurrence-cancelled">{localText(c.original_start)}</span>
                </div>
                {owner && (
                  <Button
                    className="btn btn-small"
                    isDisabled={busyKey !== null}
                    onPress={() => void run(c.original_start, () => api.resetOccurrence(meeting.id, c.original_start))}
                  >
                    {t('details.restoreOccurrence')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorLine text={error} />
      <ConfirmDialog
        isOpen={confirming !== null}
        onOpenChange={(open) => {
          if (!open) setConfirming(null);
        }}
        title={t('details.cancelOccurrenceTitle', { when: confirming?.when ?? '' })}
        body={t('details.cancelOccurrenceBody')}
        confirmLabel={t('details.cancelOccurrence')}
        cancelLabel={t('details.keepOccurrence')}
        onConfirm={async () => {
          if (confirming === null) return;
          const { original } = confirming;
          await run(original, () => api.changeOccurrence(meeting.id, original, { original_start: original, cancelled: true }));
          setConfirming(null);
        }}
      />
    </Section>
  );
}

function statusBadge(status: Invitation['status']): string {
  return status === 'accepted' ? 'badge badge-ok' : status === 'declined' ? 'badge badge-off' : 'badge badge-warn';
}

function InvitationsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const { state, reload, update } = useLoad(() => api.listInvitations(meeting.id), [api, meeting.id]);
  const [inviting, setInviting] = useState(false);
  const [pending, setPending] = useState<PendingInvitee[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const owner = meeting.my_role === 'owner';

  if (state.status === 'failed' && state.error instanceof ApiRequestError && state.error.status === 403) return null;

  const revoke = async (invitation: Invitation) => {
    setError(null);
    try {
      await api.revokeInvitation(meeting.id, invitation.id);
      update((list) => list.filter((i) => i.id !== invitation.id));
    } catch (e) {
      setError(describeError(t, e));
    }
  };

  const send = async () => {
    if (pending.length === 0) {
      setError(t('invite.noneChosen'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created: Invitation[] = [];
      for (const batch of invitationBatches(pending)) created.push(...(await api.invite(meeting.id, batch)));
      update((list) => [...list, ...created]);
      setSent(t('invite.sent', { count: created.length }));
      setPending([]);
      setInviting(false);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const invitedUsers = state.status === 'ready' ? state.data.flatMap((i) => (i.invitee.kind === 'user' ? [i.invitee.user.id] : [])) : [];

  return (
    <Section
      title={t('details.invitations')}
      actions={
        owner &&
        !inviting && (
          <Button
            className="btn btn-small"
            onPress={() => {
              setSent(null);
              setInviting(true);
            }}
          >
            <Icon name="plus" size={18} />
            <span>{t('details.inviteMore')}</span>
          </Button>
        )
      }
    >
      {sent !== null && (
        <p className="success" role="status">
          {sent}
        </p>
      )}
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          <p className="empty">{t('details.noInvitations')}</p>
        ) : (
          <ul className="items">
            {state.data.map((invitation) => (
              <li key={invitation.id} className="item item-compact" aria-label={invitationName(invitation)}>
                <div className="item-main">
                  <span className="person-name">{invitationName(invitation)}</span>
                  <span className="item-meta">
                    <RoleBadge role={invitation.role} />
                    <span className={statusBadge(invitation.status)}>{t(`invitations.status.${invitation.status}`)}</span>
                    {invitation.invitee.kind === 'email' && <span>{t('invite.externalGuest')}</span>}
                  </span>
                </div>
                {owner && (
                  <Button className="btn btn-small" onPress={() => void revoke(invitation)}>
                    {t('common.revoke')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ))}
      {inviting && (
        <div className="invite-more">
          <h3 className="facts-heading">{t('details.inviteMore')}</h3>
          <ParticipantPicker value={pending} onChange={setPending} excludeUserIds={[...invitedUsers, meeting.owner.id]} />
          <div className="form-actions">
            <Button className="btn" onPress={() => setInviting(false)} isDisabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button className="btn btn-primary" onPress={() => void send()} isDisabled={busy}>
              {t('invite.send')}
            </Button>
          </div>
        </div>
      )}
      <ErrorLine text={error} />
    </Section>
  );
}

function GuestLinksSection({ meeting }: { meeting: Meeting }) {
  const { t, i18n } = useTranslation();
  const { api } = useServices();
  const origin = useOrigin();
  const { state, reload, update } = useLoad(() => api.listGuestLinks(meeting.id), [api, meeting.id]);
  const [expiry, setExpiry] = useState('');
  const [expiryError, setExpiryError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<GuestLink | null>(null);
  const owner = meeting.my_role === 'owner';

  if (state.status === 'failed' && state.error instanceof ApiRequestError && state.error.status === 403) return null;

  const create = async () => {
    setError(null);
    setExpiryError(null);
    let expiresAt: string | undefined;
    if (expiry !== '') {
      // The end of the chosen day, in the browser's time zone.
      const [y = 0, m = 1, d = 1] = expiry.split('-').map(Number);
      const end = new Date(y, m - 1, d, 23, 59, 59);
      if (Number.isNaN(end.getTime()) || end.getTime() <= Date.now()) {
        setExpiryError(t('guestLinks.expiryPast'));
        return;
      }
      expiresAt = end.toISOString();
    }
    setBusy(true);
    try {
      const link = await api.createGuestLink(meeting.id, expiresAt === undefined ? {} : { expires_at: expiresAt });
      setCreated(link);
      setExpiry('');
      const { path: _path, ...listed } = link;
      update((list) => [...list, listed]);
    } catch (e) {
      if (e instanceof ApiRequestError && e.field === 'expires_at') setExpiryError(e.message);
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (link: GuestLink) => {
    setError(null);
    try {
      await api.revokeGuestLink(meeting.id, link.id);
      update((list) => list.filter((l) => l.id !== link.id));
      if (created?.id === link.id) setCreated(null);
    } catch (e) {
      setError(describeError(t, e));
    }
  };

  const fullUrl = created?.path !== undefined ? `${origin}${created.path}` : null;

  return (
    <Section title={t('guestLinks.title')}>
      <p className="surface-lead">{t('guestLinks.lead')}</p>
      {fullUrl !== null && (
        <div className="created-secret">
          <p className="created-secret-title" role="status">
            {t('guestLinks.created')}
          </p>
          <Field label={t('guestLinks.link')} value={fullUrl} onChange={() => undefined} isReadOnly />
          <div className="form-actions">
            <CopyButton text={fullUrl} label={t('guestLinks.copy')} className="btn btn-primary" />
            <Button className="btn" onPress={() => setCreated(null)}>
              {t('common.done')}
            </Button>
          </div>
          <p className="description">{t('guestLinks.onlyOnce')}</p>
        </div>
      )}
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          <p className="empty">{t('guestLinks.none')}</p>
        ) : (
          <ul className="items">
            {state.data.map((link, index) => (
              <li key={link.id} className="item item-compact" aria-label={t('guestLinks.name', { n: index + 1 })}>
                <div className="item-main">
                  <span className="person-name">
                    <Icon name="link" size={18} /> {t('guestLinks.name', { n: index + 1 })}
                  </span>
                  <span className="item-meta">
                    <span className="dotted">
                      <span>{t('guestLinks.createdAt', { date: formatDateTime(link.created_at, i18n.language) })}</span>
                      <span>
                        {link.expires_at === undefined
                          ? t('guestLinks.noExpiry')
                          : t('guestLinks.expiresAt', { date: formatDateTime(link.expires_at, i18n.language) })}
                      </span>
                    </span>
                  </span>
                </div>
                {owner && (
                  <Button className="btn btn-small" onPress={() => void revoke(link)}>
                    {t('common.revoke')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ))}
      {owner && (
        <div className="guest-link-create">
          <Field
            className="field-narrow"
            label={t('guestLinks.expiry')}
            type="date"
            value={expiry}
            onChange={setExpiry}
            error={expiryError}
            description={t('guestLinks.expiryHint')}
          />
          <Button className="btn" onPress={() => void create()} isDisabled={busy}>
            <Icon name="plus" size={18} />
            <span>{t('guestLinks.create')}</span>
          </Button>
        </div>
      )}
      <ErrorLine text={error} />
    </Section>
  );
}

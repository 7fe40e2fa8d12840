// Small pieces every meeting list shares: the "Start" button for hosts ("Join" for everyone
// else; it opens the meeting's room), the
// favourite star ("Favourite" / "Remove from favourites"), a role badge, one row per meeting
// (title, subtitle, schedule summary, owner) and one row per occurrence (time range in the
// browser's zone, title, creator; for a recurring meeting how many more dates follow). They
// change nothing but the favourite mark.
import { useId, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Meeting, MeetingRole, Occurrence } from '../../protocol/generated';
import { AppLink } from '../components/AppLink';
import { Icon } from '../components/Icon';
import { describeError } from '../errors';
import { formatShortDay, formatTimeRange, scheduleSummary } from '../format';
import { meetingPath, navigate, roomPath } from '../router';
import { useServices } from '../services';
import './meetings.css';

/** "Start" for the host, "Join" for everyone else. */
export function StartButton({ roomId, role, primary = true }: { roomId: string; role: MeetingRole; primary?: boolean }) {
  const { t } = useTranslation();
  return (
    <Button className={primary ? 'btn btn-primary btn-small' : 'btn btn-small'} onPress={() => navigate(roomPath(roomId))}>
      <Icon name="video" size={18} />
      <span>{role === 'owner' ? t('meetings.start') : t('meetings.join')}</span>
    </Button>
  );
}

export function FavouriteButton({ meeting, onChange }: { meeting: Pick<Meeting, 'id' | 'favourite'>; onChange(favourite: boolean): void }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    const next = !meeting.favourite;
    setBusy(true);
    setError(null);
    try {
      await api.setMeetingFavourite(meeting.id, next);
      onChange(next);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        className={`icon-btn star ${meeting.favourite ? 'star-on' : ''}`}
        aria-label={meeting.favourite ? t('meetings.unfavourite') : t('meetings.favourite')}
        onPress={() => void toggle()}
        isDisabled={busy}
      >
        <Icon name={meeting.favourite ? 'starFilled' : 'star'} size={22} />
      </Button>
      {error !== null && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

export function RoleBadge({ role }: { role: MeetingRole }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${role}`}>{t(`meetingRole.${role}`)}</span>;
}

export interface MeetingRowProps {
  meeting: Meeting;
  /** Called after the star was toggled on the server. */
  onFavouriteChange?: (favourite: boolean) => void;
  /** Extra actions (Accept/Decline, …) before "Start". */
  actions?: ReactNode;
  showStart?: boolean;
  /** Heading level of the title (3 inside a surface with an h2). */
  level?: 2 | 3 | 4;
}

function Heading({ level, id, children }: { level: 2 | 3 | 4; id: string; children: ReactNode }) {
  const Tag = `h${level}` as const;
  return (
    <Tag className="item-title" id={id}>
      {children}
    </Tag>
  );
}

export function MeetingRow({ meeting, onFavouriteChange, actions, showStart = true, level = 3 }: MeetingRowProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  return (
    <li className="item" aria-labelledby={headingId}>
      <div className="item-main">
        <Heading level={level} id={headingId}>
          <AppLink href={meetingPath(meeting.id)}>{meeting.title}</AppLink>
        </Heading>
        {meeting.subtitle !== '' && <p className="item-subtitle">{meeting.subtitle}</p>}
        <p className="item-when">
          {meeting.schedule.kind === 'timed' && meeting.schedule.recurrence !== undefined && <Icon name="repeat" size={16} />}
          <span>{scheduleSummary(t, meeting.schedule, i18n.language)}</span>
        </p>
        <p className="item-meta">
          {meeting.my_role === 'owner' ? (
            <RoleBadge role="owner" />
          ) : (
            <>
              <span>{t('meetings.by', { name: meeting.owner.display_name })}</span>
              <RoleBadge role={meeting.my_role} />
            </>
          )}
          {meeting.has_password && (
            <span className="meta-flag">
              <Icon name="lock" size={16} />
              {t('meetings.passwordProtected')}
            </span>
          )}
        </p>
      </div>
      <div className="item-actions">
        {onFavouriteChange !== undefined && <FavouriteButton meeting={meeting} onChange={onFavouriteChange} />}
        {actions}
        {showStart && <StartButton roomId={meeting.room_id} role={meeting.my_role} />}
      </div>
    </li>
  );
}

export function OccurrenceRow({
  occurrence,
  withDay = false,
  level = 3,
  more = 0,
}: {
  occurrence: Occurrence;
  withDay?: boolean;
  level?: 2 | 3 | 4;
  /** Later dates of the same meeting folded into this row. */
  more?: number;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  return (
    <li className="item item-occurrence" aria-labelledby={headingId}>
      <div className="item-time">
        {withDay && <span className="item-day">{formatShortDay(occurrence.start, i18n.language)}</span>}
        <span>{formatTimeRange(occurrence.start, occurrence.end, i18n.language)}</span>
      </div>
      <div className="item-main">
        <Heading level={level} id={headingId}>
          <AppLink href={meetingPath(occurrence.meeting_id)}>{occurrence.title}</AppLink>
        </Heading>
        <p className="item-meta">
          {occurrence.recurring && <Icon name="repeat" size={16} />}
          <span>{occurrence.my_role === 'owner' ? t('meetings.byYou') : t('meetings.by', { name: occurrence.owner_name })}</span>
          {more > 0 && <span className="item-more">{t('meetings.moreDates', { count: more })}</span>}
        </p>
      </div>
      <div className="item-actions">
        <StartButton roomId={occurrence.room_id} role={occurrence.my_role} />
      </div>
    </li>
  );
}

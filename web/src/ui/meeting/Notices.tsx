// Notices addressed to us during the meeting, calm and in a polite live region: a moderator
// switched our microphone or camera off or stopped our screen share, a moderator asks us to
// unmute (with an "Unmute" button; nothing is ever unmuted without us), microphones or screen
// sharing are restricted, the browser blocks a device or the screen, our speaking time is up, a
// poll started while another side panel was open (with "Show poll"), likewise a vote we may vote
// in ("Show vote"), for chairs a voter's report of a problem with a vote ("Show vote"), and that the
// meeting continued on another server (what was there before is gone). Notices that ask for
// nothing fade after a while (the move stays until read); each can be dismissed. It shows the room's notices and calls
// back; it changes no media itself.
import { useEffect } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { RoomNotice } from '../../client/roomStore';
import { Icon } from '../components/Icon';
import './moderation.css';

/** How long a notice that asks for nothing stays. */
export const NOTICE_MS = 8000;

export interface NoticesProps {
  notices: readonly RoomNotice[];
  /** Names by participant id (for "who did it"). */
  names: Readonly<Record<string, string>>;
  onDismiss(id: number): void;
  onUnmute(): void;
  /** Opens the Polls panel. */
  onShowPolls(): void;
  /** Opens the Votes panel. */
  onShowVotes(): void;
}

function NoticeItem({ notice, names, onDismiss, onUnmute, onShowPolls, onShowVotes }: { notice: RoomNotice } & Omit<NoticesProps, 'notices'>) {
  const { t } = useTranslation();
  const name = notice.by !== undefined ? names[notice.by] : undefined;
  const lasting = notice.kind === 'unmute_requested' || notice.kind === 'vote_problem' || notice.kind === 'moved';
  useEffect(() => {
    if (lasting) return undefined;
    const timer = setTimeout(() => onDismiss(notice.id), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [lasting, notice.id, onDismiss]);

  let text: string;
  switch (notice.kind) {
    case 'muted':
      text = name !== undefined ? t('notices.mutedBy', { name }) : t('notices.muted');
      break;
    case 'unmute_requested':
      text = name !== undefined ? t('notices.unmuteRequestedBy', { name }) : t('notices.unmuteRequested');
      break;
    case 'video_stopped':
      text = name !== undefined ? t('notices.videoStoppedBy', { name }) : t('notices.videoStopped');
      break;
    case 'microphone_restricted':
      text = t('notices.microphoneRestricted');
      break;
    case 'time_up':
      text = t('notices.timeUp');
      break;
    case 'screen_share_stopped':
      text = name !== undefined ? t('notices.screenStoppedBy', { name }) : t('notices.screenStopped');
      break;
    case 'screen_share_restricted':
      text = t('notices.screenRestricted');
      break;
    case 'screen_share_failed':
      text = t('notices.screenFailed');
      break;
    case 'microphone_blocked':
      text = t('notices.microphoneBlocked');
      break;
    case 'camera_blocked':
      text = t('notices.cameraBlocked');
      break;
    case 'poll_started':
      text = name !== undefined ? t('notices.pollStartedBy', { name }) : t('notices.pollStarted');
      break;
    case 'vote_started':
      text = name !== undefined ? t('notices.voteStartedBy', { name }) : t('notices.voteStarted');
      break;
    case 'vote_problem':
      text = name !== undefined ? t('notices.voteProblemBy', { name }) : t('notices.voteProblem');
      break;
    case 'moved':
      text = t('notices.moved');
      break;
  }
  const icon = notice.kind.startsWith('screen')
    ? 'screenOff'
    : notice.kind === 'video_stopped' || notice.kind === 'camera_blocked'
      ? 'cameraOff'
      : notice.kind === 'time_up'
        ? 'clock'
        : notice.kind === 'poll_started'
          ? 'poll'
          : notice.kind === 'vote_started' || notice.kind === 'vote_problem'
            ? 'vote'
            : notice.kind === 'moved'
              ? 'info'
              : 'micOff';
  return (
    <div className={`notice notice-${notice.kind}`} data-notice={notice.kind}>
      <Icon name={icon} size={20} />
      <span className="notice-text">{text}</span>
      {notice.kind === 'unmute_requested' && (
        <>
          <Button className="btn-stage btn-stage-small btn-stage-primary" onPress={onUnmute}>
            {t('meeting.unmute')}
          </Button>
          <Button className="btn-stage btn-stage-small" onPress={() => onDismiss(notice.id)}>
            {t('notices.notNow')}
          </Button>
        </>
      )}
      {notice.kind === 'poll_started' && (
        <Button
          className="btn-stage btn-stage-small btn-stage-primary"
          onPress={() => {
            onShowPolls();
            onDismiss(notice.id);
          }}
        >
          {t('notices.showPoll')}
        </Button>
      )}
      {(notice.kind === 'vote_started' || notice.kind === 'vote_problem') && (
        <Button
          className="btn-stage btn-stage-small btn-stage-primary"
          onPress={() => {
            onShowVotes();
            onDismiss(notice.id);
          }}
        >
          {t('notices.showVote')}
        </Button>
      )}
      {notice.kind !== 'unmute_requested' && (
        <Button className="event-dismiss" aria-label={t('notices.dismiss')} onPress={() => onDismiss(notice.id)}>
          <Icon name="close" size={16} />
        </Button>
      )}
    </div>
  );
}

export function Notices({ notices, names, onDismiss, onUnmute, onShowPolls, onShowVotes }: NoticesProps) {
  const { t } = useTranslation();
  return (
    <div className="notices" role="status" aria-live="polite" aria-label={t('notices.label')}>
      {notices.map((notice) => (
        <NoticeItem
          key={notice.id}
          notice={notice}
          names={names}
          onDismiss={onDismiss}
          onUnmute={onUnmute}
          onShowPolls={onShowPolls}
          onShowVotes={onShowVotes}
        />
      ))}
    </div>
  );
}

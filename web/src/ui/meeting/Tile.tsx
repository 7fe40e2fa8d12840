// One participant's tile in the gallery: video (or large initials on a calm colour), name,
// "(you)" for ourselves, a "Guest" mark for people without an account, a muted-microphone icon,
// a speaking ring, a raised-hand badge with the place in the queue (a point of order
// highlighted), a reconnecting label, a "video paused" label while the node holds the camera
// back because our own connection is too slow for it, only while a connection is not good a small signal-bars
// icon ("Connection: fair"/"Connection: poor", explained in its tooltip and in the tile's
// description) and, for other people, a "Pin"/"Unpin" button (shown on hover and focus, as is
// the full name when it is cut short). Carries data-participant-id / data-muted / data-speaking /
// data-connection / data-quality / data-hand and role="group" named by the display name. It
// plays no audio (see RemoteAudio.tsx).
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Quality } from '../../client/connectionQuality';
import { isGuest } from '../../client/roles';
import type { Participant } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { TrackVideo } from '../components/TrackVideo';
import { avatarColor, initials } from './avatar';

export interface TileProps {
  participant: Participant;
  isSelf: boolean;
  /** The video to show, or null for initials. */
  videoTrack: MediaStreamTrack | null;
  /** The camera is on but held back by the node: our connection is too slow for it. */
  videoPaused?: boolean | undefined;
  muted: boolean;
  /** The raised hand: its place in the queue and whether it is a point of order. */
  hand?: { position: number; pointOfOrder: boolean } | undefined;
  /** The person is pinned (shown first, or large in the speaker view). */
  pinned?: boolean;
  /** Offers "Pin"/"Unpin" (not for ourselves). */
  onTogglePin?: (() => void) | undefined;
  /** Where the tile sits: the gallery grid, large, small in a strip, or beside a screen. */
  variant?: 'grid' | 'large' | 'strip' | 'beside' | undefined;
  /** How good the person's connection is (ours for our own tile); shown only when not good. */
  quality?: Quality | undefined;
}

export function Tile({ participant, isSelf, videoTrack, videoPaused = false, muted, hand, pinned = false, onTogglePin, variant = 'grid', quality = 'good' }: TileProps) {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState(false);
  const qualityId = useId();
  const weak = quality !== 'good';
  const qualityExplained = !weak
    ? ''
    : isSelf
      ? t(quality === 'poor' ? 'meeting.connection.poorSelf' : 'meeting.connection.fairSelf')
      : t(quality === 'poor' ? 'meeting.connection.poorOf' : 'meeting.connection.fairOf', { name: participant.display_name });
  const reconnecting = participant.connection === 'reconnecting';
  const classes = [
    'tile',
    `tile-${variant}`,
    participant.speaking ? 'tile-speaking' : '',
    reconnecting ? 'tile-reconnecting' : '',
    pinned ? 'tile-pinned' : '',
  ]
    .filter((c) => c !== '')
    .join(' ');
  return (
    <div
      role="group"
      aria-label={participant.display_name}
      aria-describedby={weak ? qualityId : undefined}
      className={classes}
      data-participant-id={participant.id}
      data-muted={muted ? 'true' : 'false'}
      data-speaking={participant.speaking ? 'true' : 'false'}
      data-self={isSelf ? 'true' : 'false'}
      data-video={videoTrack !== null ? 'true' : 'false'}
      data-video-paused={videoPaused ? 'true' : 'false'}
      data-connection={participant.connection}
      data-quality={quality}
      data-hand={hand === undefined ? 'false' : hand.pointOfOrder ? 'point_of_order' : 'true'}
      data-variant={variant}
    >
      {videoTrack !== null && <TrackVideo track={videoTrack} mirrored={isSelf} className="tile-video" onPlayingChange={setPlaying} />}
      {(videoTrack === null || !playing) && (
        <div className="tile-avatar" aria-hidden="true">
          <span className="tile-initials" style={{ backgroundColor: avatarColor(participant.id) }}>
            {initials(participant.display_name)}
          </span>
        </div>
      )}
      {reconnecting && <span className="tile-badge">{t('meeting.participantReconnecting')}</span>}
      {!reconnecting && videoPaused && (
        <span className="tile-badge tile-badge-paused">
          <Icon name="signalPoor" size={14} />
          {t('meeting.videoPausedBandwidth')}
        </span>
      )}
      {onTogglePin !== undefined && !isSelf && (
        <Button
          className={`tile-pin ${pinned ? 'tile-pin-on' : ''}`}
          aria-label={pinned ? t('meeting.unpin', { name: participant.display_name }) : t('meeting.pin', { name: participant.display_name })}
          onPress={onTogglePin}
        >
          <Icon name="pin" size={18} />
        </Button>
      )}
      {hand !== undefined && (
        <span className={`tile-hand ${hand.pointOfOrder ? 'tile-hand-order' : ''}`}>
          <Icon name={hand.pointOfOrder ? 'pointOfOrder' : 'hand'} size={18} />
          <span aria-hidden="true">{hand.position}</span>
          <span className="visually-hidden">
            {hand.pointOfOrder ? t('hands.pointOfOrderAt', { position: hand.position }) : t('hands.raisedAt', { position: hand.position })}
          </span>
        </span>
      )}
      <div className="tile-footer">
        {weak && (
          <span
            className={`tile-quality tile-quality-${quality}`}
            role="img"
            aria-label={t(quality === 'poor' ? 'meeting.connection.poor' : 'meeting.connection.fair')}
            title={qualityExplained}
          >
            <Icon name={quality === 'poor' ? 'signalPoor' : 'signalFair'} size={16} />
          </span>
        )}
        {weak && (
          <span id={qualityId} hidden>
            {qualityExplained}
          </span>
        )}
        {muted && (
          <span className="tile-muted">
            <Icon name="micOff" size={18} />
            <span className="visually-hidden">{t('meeting.microphoneMuted')}</span>
          </span>
        )}
        <span className="tile-name">
          {participant.display_name}
          {isSelf && <span className="tile-you"> {t('meeting.you')}</span>}
        </span>
        {isGuest(participant) && <span className="tile-guest">{t('role.guest')}</span>}
        {participant.speaking && <span className="visually-hidden">{t('meeting.speaking')}</span>}
      </div>
    </div>
  );
}

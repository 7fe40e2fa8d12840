// The stage's pictures, as client/layout.ts decided them: the gallery grid; or one large video
// (the speaker's camera, or a shared screen with the presenter's camera small beside it) above
// a strip of the others; with several presenters, a choice of whose screen to see. Pagination
// of the grid and of the strip; the lecture layout (one large video, the listeners as a count,
// a calm text while nobody is on the stage); the "You are alone" hint with the meeting link.
// It renders tiles and videos and calls back for pins, pages and the chosen screen; it sends
// nothing.
import { useState } from 'react';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { columnsFor } from '../../client/gallery';
import type { Stage } from '../../client/layout';
import type { RemoteMediaMap } from '../../media/mediaSession';
import type { Participant, ParticipantId } from '../../protocol/generated';
import { CopyButton } from '../components/CopyButton';
import { Icon } from '../components/Icon';
import { TrackVideo } from '../components/TrackVideo';
import { Tile, type TileProps } from './Tile';

export interface StageViewProps {
  stage: Stage;
  selfId: ParticipantId | null;
  /** Our camera as shown (null while off). */
  selfVideo: MediaStreamTrack | null;
  remote: RemoteMediaMap;
  pinned: ParticipantId | null;
  narrow: boolean;
  /** Nobody else is here: show the hint with the link. */
  alone: boolean;
  meetingUrl: string;
  /** Extra tile properties per participant (muted, hand, connection quality). */
  tileProps(participant: Participant): Pick<TileProps, 'muted' | 'hand' | 'quality'>;
  onTogglePin(id: ParticipantId): void;
  onPage(page: number): void;
  onChoosePresenter(id: ParticipantId): void;
}

function ScreenVideo({ participant, track }: { participant: Participant; track: MediaStreamTrack | null }) {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState(false);
  return (
    <div
      className="screen"
      role="group"
      aria-label={t('meeting.screenOf', { name: participant.display_name })}
      data-screen-of={participant.id}
      data-playing={playing && track !== null ? 'true' : 'false'}
    >
      {track !== null && <TrackVideo track={track} className="screen-video" onPlayingChange={setPlaying} />}
      {(track === null || !playing) && (
        <div className="screen-waiting">
          <Icon name="screen" size={40} />
          <span>{t('meeting.screenLoading', { name: participant.display_name })}</span>
        </div>
      )}
      <span className="screen-label" aria-hidden="true">
        {t('meeting.screenOf', { name: participant.display_name })}
      </span>
    </div>
  );
}

export function StageView(props: StageViewProps) {
  const { t } = useTranslation();
  const { stage, selfId, remote, pinned } = props;
  const videoOf = (p: Participant): MediaStreamTrack | null => {
    if (p.id === selfId) return props.selfVideo;
    const media = remote.get(p.id);
    return p.video && media?.videoPaused !== true ? (media?.video ?? null) : null;
  };
  const videoPaused = (p: Participant): boolean => p.id !== selfId && p.video && remote.get(p.id)?.videoPaused === true;
  const tile = (p: Participant, variant: TileProps['variant']) => (
    <Tile
      key={`${variant}-${p.id}`}
      participant={p}
      isSelf={p.id === selfId}
      videoTrack={videoOf(p)}
      videoPaused={videoPaused(p)}
      pinned={pinned === p.id}
      onTogglePin={() => props.onTogglePin(p.id)}
      variant={variant}
      {...props.tileProps(p)}
    />
  );

  const pager = stage.page.pageCount > 1 && (
    <nav className="pager" aria-label={stage.kind === 'gallery' ? t('meeting.pages') : t('meeting.stripPages')}>
      <Button className="btn-stage" isDisabled={stage.page.page === 0} onPress={() => props.onPage(stage.page.page - 1)}>
        <Icon name="chevronLeft" size={20} />
        <span className="btn-stage-text">{t('meeting.previousPage')}</span>
      </Button>
      <span className="pager-status" aria-live="polite">
        {t('meeting.pageOf', { page: stage.page.page + 1, count: stage.page.pageCount })}
      </span>
      <Button className="btn-stage" isDisabled={stage.page.page >= stage.page.pageCount - 1} onPress={() => props.onPage(stage.page.page + 1)}>
        <span className="btn-stage-text">{t('meeting.nextPage')}</span>
        <Icon name="chevronRight" size={20} />
      </Button>
    </nav>
  );

  const alone = props.alone && (
    <div className="alone" role="note">
      <p className="alone-title">{t('meeting.aloneTitle')}</p>
      <p className="alone-body">{t('meeting.aloneBody')}</p>
      <p className="alone-link">{props.meetingUrl}</p>
      <CopyButton text={props.meetingUrl} label={t('meeting.copyLinkShort')} className="btn-stage btn-stage-primary" />
    </div>
  );

  // The listeners of a lecture are a count, not tiles: hundreds of faces would only distract.
  const audience = stage.kind === 'lecture' && stage.listeners > 0 && (
    <p className="lecture-audience" data-listeners={stage.listeners}>
      <Icon name="people" size={18} />
      {t('meeting.listening', { count: stage.listeners })}
    </p>
  );

  if (stage.kind === 'lecture' && stage.main === null) {
    return (
      <div className="spotlight spotlight-lecture" data-layout="lecture">
        {alone || (
          <div className="lecture-empty" role="note">
            <p className="lecture-empty-title">{t('meeting.lectureEmptyTitle')}</p>
            <p className="lecture-empty-body">{t('meeting.lectureEmptyBody')}</p>
          </div>
        )}
        {audience}
      </div>
    );
  }

  if (stage.kind === 'gallery' || stage.main === null) {
    const items = stage.page.items;
    const count = items.length + (props.alone ? 1 : 0);
    const columns = columnsFor(count, props.narrow);
    const rows = Math.max(1, Math.ceil(count / columns));
    return (
      <>
        <div
          className={`gallery ${props.alone ? 'gallery-alone' : ''}`}
          data-layout="gallery"
          style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}
        >
          {items.map((p) => tile(p, 'grid'))}
          {alone}
        </div>
        {pager}
      </>
    );
  }

  const main = stage.main;
  const presenters = stage.presenters;
  return (
    <>
      <div className={`spotlight spotlight-${stage.kind}`} data-layout={stage.kind}>
        {presenters.length > 1 && main.source === 'screen' && (
          <RadioGroup
            className="presenters"
            value={main.participant.id}
            onChange={(id) => props.onChoosePresenter(id)}
            orientation="horizontal"
          >
            <Label className="presenters-label">{t('meeting.sharedScreens')}</Label>
            <div className="presenters-options">
              {presenters.map((p) => (
                <Radio key={p.id} value={p.id} className="presenter-choice">
                  {t('meeting.screenOf', { name: p.display_name })}
                </Radio>
              ))}
            </div>
          </RadioGroup>
        )}
        <div className="spotlight-main">
          {main.source === 'screen' ? (
            <ScreenVideo participant={main.participant} track={remote.get(main.participant.id)?.screen ?? null} />
          ) : (
            tile(main.participant, 'large')
          )}
          {stage.beside !== null && <div className="spotlight-beside">{tile(stage.beside, 'beside')}</div>}
        </div>
        {stage.page.items.length > 0 && (
          <div className="strip" data-layout="strip">
            {stage.page.items.map((p) => tile(p, 'strip'))}
          </div>
        )}
        {audience}
      </div>
      {pager}
    </>
  );
}

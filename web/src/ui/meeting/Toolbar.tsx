// The meeting toolbar: Mute/Unmute, Camera off/Camera on, Raise hand/Lower hand with a second
// button for a point of order, the Participants toggle with the count, for chairs the
// Moderation toggle (with the number of people waiting), and Leave (the danger action). Plain
// buttons whose names say what they will do; toggles of side panels carry aria-expanded and
// aria-controls.
import { useId } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';

export type SidePanel = 'participants' | 'moderation';

export interface ToolbarProps {
  microphoneOn: boolean;
  cameraOn: boolean;
  participantCount: number;
  /** Our hand is up (as a normal hand or a point of order). */
  handRaised: boolean;
  /** Raising a hand is possible now (allowed by the policy, or we are a chair). */
  mayRaiseHand: boolean;
  /** Show the Moderation toggle (chairs only; it is not rendered otherwise). */
  chair: boolean;
  waitingCount: number;
  openPanel: SidePanel | null;
  panelIds: Readonly<Record<SidePanel, string>>;
  onToggleMicrophone(): void;
  onToggleCamera(): void;
  onRaiseHand(pointOfOrder: boolean): void;
  onLowerHand(): void;
  onTogglePanel(panel: SidePanel): void;
  onLeave(): void;
}

export function Toolbar(props: ToolbarProps) {
  const { t } = useTranslation();
  const countId = useId();
  const waitingId = useId();
  const { microphoneOn, cameraOn, participantCount, openPanel, handRaised } = props;
  const participantsOpen = openPanel === 'participants';
  const moderationOpen = openPanel === 'moderation';
  return (
    <section className="toolbar" aria-label={t('meeting.controls')}>
      <div className="toolbar-group">
        <Button className={`tool ${microphoneOn ? '' : 'tool-off'}`} onPress={props.onToggleMicrophone}>
          <Icon name={microphoneOn ? 'mic' : 'micOff'} />
          <span className="tool-label">{microphoneOn ? t('meeting.mute') : t('meeting.unmute')}</span>
        </Button>
        <Button className={`tool ${cameraOn ? '' : 'tool-off'}`} onPress={props.onToggleCamera}>
          <Icon name={cameraOn ? 'camera' : 'cameraOff'} />
          <span className="tool-label">{cameraOn ? t('meeting.cameraOff') : t('meeting.cameraOn')}</span>
        </Button>
        {handRaised ? (
          <Button className="tool tool-active" onPress={props.onLowerHand}>
            <Icon name="hand" />
            <span className="tool-label">{t('meeting.lowerHand')}</span>
          </Button>
        ) : (
          props.mayRaiseHand && (
            <span className="tool-pair">
              <Button className="tool" onPress={() => props.onRaiseHand(false)}>
                <Icon name="hand" />
                <span className="tool-label">{t('meeting.raiseHand')}</span>
              </Button>
              <Button className="tool tool-narrow" aria-label={t('meeting.pointOfOrder')} onPress={() => props.onRaiseHand(true)}>
                <Icon name="pointOfOrder" />
                <span className="tool-label tool-label-optional" aria-hidden="true">
                  {t('meeting.pointOfOrder')}
                </span>
              </Button>
            </span>
          )
        )}
        <Button
          className={`tool ${participantsOpen ? 'tool-active' : ''}`}
          aria-label={t('meeting.participants')}
          aria-describedby={countId}
          aria-expanded={participantsOpen}
          aria-controls={props.panelIds.participants}
          onPress={() => props.onTogglePanel('participants')}
        >
          <span className="tool-icon-badge">
            <Icon name="people" />
            <span className="tool-badge" aria-hidden="true">
              {participantCount}
            </span>
          </span>
          <span className="tool-label tool-label-optional" aria-hidden="true">
            {t('meeting.participants')}
          </span>
          <span id={countId} className="visually-hidden">
            {t('meeting.participantCount', { count: participantCount })}
          </span>
        </Button>
        {props.chair && (
          <Button
            className={`tool ${moderationOpen ? 'tool-active' : ''}`}
            aria-label={t('moderation.title')}
            aria-expanded={moderationOpen}
            aria-controls={props.panelIds.moderation}
            {...(props.waitingCount > 0 ? { 'aria-describedby': waitingId } : {})}
            onPress={() => props.onTogglePanel('moderation')}
          >
            <span className="tool-icon-badge">
              <Icon name="shield" />
              {props.waitingCount > 0 && (
                <span className="tool-badge tool-badge-attention" aria-hidden="true">
                  {props.waitingCount}
                </span>
              )}
            </span>
            <span className="tool-label tool-label-optional" aria-hidden="true">
              {t('moderation.title')}
            </span>
            {props.waitingCount > 0 && (
              <span id={waitingId} className="visually-hidden">
                {t('events.waiting', { count: props.waitingCount })}
              </span>
            )}
          </Button>
        )}
      </div>
      <Button className="tool tool-leave" onPress={props.onLeave}>
        <Icon name="leave" />
        <span className="tool-label">{t('meeting.leave')}</span>
      </Button>
    </section>
  );
}

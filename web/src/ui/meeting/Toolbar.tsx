// The meeting toolbar: Mute/Unmute, Camera off/Camera on, the Participants toggle with the
// count, and Leave (the danger action). Plain buttons whose names say what they will do.
import { useId } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';

export interface ToolbarProps {
  microphoneOn: boolean;
  cameraOn: boolean;
  participantCount: number;
  panelOpen: boolean;
  panelId: string;
  onToggleMicrophone(): void;
  onToggleCamera(): void;
  onTogglePanel(): void;
  onLeave(): void;
}

export function Toolbar(props: ToolbarProps) {
  const { t } = useTranslation();
  const countId = useId();
  const { microphoneOn, cameraOn, participantCount, panelOpen } = props;
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
        <Button
          className={`tool ${panelOpen ? 'tool-active' : ''}`}
          aria-label={t('meeting.participants')}
          aria-describedby={countId}
          aria-expanded={panelOpen}
          aria-controls={props.panelId}
          onPress={props.onTogglePanel}
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
      </div>
      <Button className="tool tool-leave" onPress={props.onLeave}>
        <Icon name="leave" />
        <span className="tool-label">{t('meeting.leave')}</span>
      </Button>
    </section>
  );
}

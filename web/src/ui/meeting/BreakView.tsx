// The coffee break over the whole meeting, for everyone: a calm full-screen dialog with a coffee
// cup, the heading "Coffee break", the time left large (a `timer`, not read out on every tick)
// and "Back at 10:45" in the user's locale and time zone; buttons to switch the microphone and
// camera on again (or off), to leave, and for chairs "End break". The others' audio keeps
// playing underneath (RemoteAudio stays in the meeting view). It cannot be dismissed: it closes
// when the node ends the break. Display and callbacks only; the Meeting switched camera and
// microphone off when the break began.
import { useMemo } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { breakSecondsLeft, formatClock, toLocalTime } from '../../client/timer';
import type { CoffeeBreak } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { intlLocale } from '../format';
import { useNow } from '../hooks';
import './BreakView.css';

export interface BreakViewProps {
  coffeeBreak: CoffeeBreak;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  /** Chairs may end the break early. */
  chair: boolean;
  microphoneOn: boolean;
  cameraOn: boolean;
  onToggleMicrophone(): void;
  onToggleCamera(): void;
  onEndBreak(): void;
  onLeave(): void;
}

export function BreakView(props: BreakViewProps) {
  const { t, i18n } = useTranslation();
  const { coffeeBreak, clockOffset, microphoneOn, cameraOn } = props;
  const now = useNow(1000) + clockOffset;
  const left = breakSecondsLeft(coffeeBreak, now);
  const locale = intlLocale(i18n.language);
  const backAt = useMemo(
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(toLocalTime(coffeeBreak.ends_at, clockOffset))),
    [locale, coffeeBreak.ends_at, clockOffset],
  );

  return (
    <ModalOverlay className="break-overlay" isOpen isDismissable={false} isKeyboardDismissDisabled>
      <Modal className="break-modal">
        <Dialog className="break-view">
          <div className="break-illustration" aria-hidden="true">
            <Icon name="coffee" size={88} />
          </div>
          <Heading slot="title" className="break-title">
            {t('coffeeBreak.title')}
          </Heading>
          <div className="break-time" role="timer" aria-label={t('coffeeBreak.timeLeft')}>
            {formatClock(left)}
          </div>
          <p className="break-back">{left > 0 ? t('coffeeBreak.backAt', { time: backAt }) : t('coffeeBreak.soon')}</p>
          {!microphoneOn && !cameraOn && <p className="break-hint">{t('coffeeBreak.hint')}</p>}
          <div className="break-actions">
            <Button className="tool" onPress={props.onToggleMicrophone}>
              <Icon name={microphoneOn ? 'mic' : 'micOff'} />
              <span className="tool-label">{microphoneOn ? t('meeting.mute') : t('meeting.unmute')}</span>
            </Button>
            <Button className="tool" onPress={props.onToggleCamera}>
              <Icon name={cameraOn ? 'camera' : 'cameraOff'} />
              <span className="tool-label">{cameraOn ? t('meeting.cameraOff') : t('meeting.cameraOn')}</span>
            </Button>
            {props.chair && (
              <Button className="tool tool-active" onPress={props.onEndBreak}>
                <Icon name="close" />
                <span className="tool-label">{t('coffeeBreak.end')}</span>
              </Button>
            )}
            <Button className="tool tool-leave" onPress={props.onLeave}>
              <Icon name="leave" />
              <span className="tool-label">{t('meeting.leave')}</span>
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

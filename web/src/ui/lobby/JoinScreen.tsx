// The join screen of a meeting link: the meeting's title (when it has one), camera preview
// (mirrored), microphone level, the buttons "Mute"/"Unmute" and "Turn camera off"/"Turn camera
// on" (named after what they do, as in the meeting), the display name (focused on arrival), the
// "Meeting password" field when the room asks for one, the device pickers and then "Join", with
// the reason when Join cannot be pressed yet, plus a calm hint when camera or microphone cannot
// be used (joining still works, listen-only). It changes local media through LocalMedia and
// reports name and password; it does not connect.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { LocalMedia } from '../../media/localMedia';
import { DeviceSelect } from '../components/DeviceSelect';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import { MicLevel } from '../components/MicLevel';
import { TrackVideo } from '../components/TrackVideo';
import { useStore } from '../hooks';
import './JoinScreen.css';

export const DISPLAY_NAME_MAX = 64;

/** The password field: shown when the room asks for a password. */
export interface PasswordPrompt {
  /** Without it there is no way in (not signed in, no guest link). */
  required: boolean;
  /** The server's answer to the last attempt, shown next to the field. */
  error: string | null;
}

export interface JoinScreenProps {
  localMedia: LocalMedia;
  initialName: string;
  joining: boolean;
  error: string | null;
  /** The meeting's title, when the room belongs to a meeting. */
  title?: string | undefined;
  /** Null: no password field. */
  password?: PasswordPrompt | null;
  onJoin(displayName: string, password: string): void;
}

export function JoinScreen({ localMedia, initialName, joining, error, title, password = null, onJoin }: JoinScreenProps) {
  const { t } = useTranslation();
  const media = useStore(localMedia);
  const [name, setName] = useState(initialName);
  const [secret, setSecret] = useState('');
  const titleId = useId();
  const whyId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const trimmed = name.trim();
  const passwordMissing = password !== null && password.required && secret === '';
  const canJoin = trimmed.length > 0 && !joining && !passwordMissing;
  const why = joining ? null : trimmed.length === 0 ? t('lobby.whyName') : passwordMissing ? t('lobby.whyPassword') : null;
  const problem = media.microphoneProblem !== null || media.cameraProblem !== null;

  // Arriving, the name is what to fill in first.
  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canJoin) onJoin(trimmed, password === null ? '' : secret);
  };

  return (
    <main className="page join-page" aria-labelledby={titleId}>
      <div className="join-layout">
        <section className="join-preview-column">
          <div className="join-preview">
            {media.videoTrack !== null ? (
              <TrackVideo track={media.videoTrack} mirrored className="join-video" />
            ) : (
              <div className="join-preview-off">
                <Icon name="cameraOff" size={40} />
                <span>{media.busy || (media.cameraOn && media.cameraTrack !== null) ? t('lobby.startingDevices') : t('lobby.previewOff')}</span>
              </div>
            )}
            <span className="visually-hidden">{t('lobby.preview')}</span>
          </div>
          <MicLevel track={media.microphoneOn ? media.audioTrack : null} label={t('lobby.microphoneLevel')} />
          <div className="join-toggles">
            <Button className={`toggle ${media.microphoneOn ? '' : 'toggle-off'}`} onPress={() => void localMedia.setMicrophoneOn(!media.microphoneOn)}>
              <Icon name={media.microphoneOn ? 'mic' : 'micOff'} />
              <span>{media.microphoneOn ? t('meeting.mute') : t('meeting.unmute')}</span>
            </Button>
            <Button className={`toggle ${media.cameraOn ? '' : 'toggle-off'}`} onPress={() => void localMedia.setCameraOn(!media.cameraOn)}>
              <Icon name={media.cameraOn ? 'camera' : 'cameraOff'} />
              <span>{media.cameraOn ? t('meeting.cameraOff') : t('meeting.cameraOn')}</span>
            </Button>
          </div>
        </section>

        <section className="join-form-column">
          {title !== undefined && title !== '' && <p className="join-meeting-title">{title}</p>}
          <h1 id={titleId}>{t('lobby.title')}</h1>
          <p className="lead">{t('lobby.subtitle')}</p>

          {problem && (
            <p className="note" role="status">
              <Icon name="info" size={20} />
              <span>{t('lobby.mediaHint')}</span>
            </p>
          )}

          <form className="join-form" onSubmit={submit}>
            <TextField className="field" value={name} onChange={setName} maxLength={DISPLAY_NAME_MAX} autoComplete="name" isRequired>
              <Label>{t('lobby.displayName')}</Label>
              <Input className="input" ref={nameRef} />
              <Text slot="description" className="description">
                {t('lobby.displayNameHint')}
              </Text>
            </TextField>
            {password !== null && (
              <TextField
                className="field"
                type="password"
                value={secret}
                onChange={setSecret}
                autoComplete="off"
                isRequired={password.required}
                isInvalid={password.error !== null}
                validationBehavior="aria"
              >
                <Label>{t('lobby.password')}</Label>
                <Input className="input" />
                <Text slot="description" className="description">
                  {password.required ? t('lobby.passwordHint') : t('lobby.passwordOptionalHint')}
                </Text>
                {password.error !== null && (
                  <Text slot="errorMessage" className="error" role="alert">
                    {password.error}
                  </Text>
                )}
              </TextField>
            )}
            <div className="join-devices">
              <DeviceSelect
                label={t('lobby.microphone')}
                kindName={t('lobby.microphone')}
                devices={media.microphones}
                selectedId={media.microphoneId}
                onSelect={(id) => void localMedia.selectMicrophone(id)}
              />
              <DeviceSelect
                label={t('lobby.camera')}
                kindName={t('lobby.camera')}
                devices={media.cameras}
                selectedId={media.cameraId}
                onSelect={(id) => void localMedia.selectCamera(id)}
              />
            </div>
            <Button
              type="submit"
              className="btn btn-primary btn-large"
              isDisabled={!canJoin}
              {...(why !== null ? { 'aria-describedby': whyId } : {})}
            >
              {joining ? t('lobby.joining') : t('lobby.join')}
            </Button>
            {why !== null && (
              <p id={whyId} className="description join-why">
                {why}
              </p>
            )}
            <ErrorLine text={error} />
          </form>
        </section>
      </div>
    </main>
  );
}

// The in-meeting "Settings" dialog: the Microphone, Camera and Speaker pickers (Speaker only
// where the browser can choose the audio output), the microphone level meter and a preview of
// the camera as others see it, a clear word when the browser blocks a device, the Background
// (none, blur, or a picture; with a word when the browser cannot do it), and "Simple mode".
// Switching a device keeps the meeting's connection (LocalMedia replaces the track). A modal
// dialog; it changes local media and preferences through its callbacks.
import { useId } from 'react';
import { Button, Dialog, Heading, Label, Modal, ModalOverlay, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { offeredImages, type BackgroundCatalogue, type BackgroundChoice } from '../../media/background/effects';
import type { LocalMedia, MediaProblem } from '../../media/localMedia';
import { SwitchField } from '../components/Choice';
import { DeviceSelect } from '../components/DeviceSelect';
import { Icon } from '../components/Icon';
import { MicLevel } from '../components/MicLevel';
import { TrackVideo } from '../components/TrackVideo';
import { useStore } from '../hooks';
import '../components/dialogs.css';

export interface SettingsDialogProps {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  localMedia: LocalMedia;
  /** The browser can route audio to a chosen output (setSinkId). */
  canChooseSpeaker: boolean;
  catalogue: BackgroundCatalogue;
  /** Backgrounds can be offered at all (the effect factory exists). */
  backgroundsAvailable: boolean;
  simpleMode: boolean;
  /** The organiser decided simple mode for this meeting (the switch is then fixed). */
  simpleModeFixed: boolean;
  onSimpleModeChange(on: boolean): void;
  onBackgroundChange(choice: BackgroundChoice): void;
  onSpeakerChange(deviceId: string): void;
}

function backgroundKey(choice: BackgroundChoice): string {
  return choice.kind === 'image' ? `image:${choice.id}` : choice.kind;
}

function ProblemText({ problem, device }: { problem: MediaProblem | null; device: 'microphone' | 'camera' }) {
  const { t } = useTranslation();
  if (problem === null) return null;
  return (
    <p className="settings-problem" role="alert">
      <Icon name="info" size={18} />
      <span>{t(`meetingSettings.problem.${device}.${problem}`)}</span>
    </p>
  );
}

export function SettingsDialog(props: SettingsDialogProps) {
  const { t } = useTranslation();
  const media = useStore(props.localMedia);
  const devicesId = useId();
  const backgroundId = useId();
  const viewId = useId();
  const images = offeredImages(props.catalogue);
  const { localMedia } = props;

  return (
    <ModalOverlay className="modal-overlay" isOpen={props.isOpen} onOpenChange={props.onOpenChange} isDismissable>
      <Modal className="modal modal-wide settings-modal">
        <Dialog className="dialog settings-dialog">
          <Heading slot="title" className="dialog-title">
            {t('meetingSettings.title')}
          </Heading>

          <section className="settings-section" aria-labelledby={devicesId}>
            <h3 id={devicesId} className="settings-heading">
              {t('meetingSettings.devices')}
            </h3>
            <DeviceSelect
              label={t('lobby.microphone')}
              kindName={t('lobby.microphone')}
              devices={media.microphones}
              selectedId={media.microphoneId}
              onSelect={(id) => void localMedia.selectMicrophone(id)}
            />
            <MicLevel track={media.audioTrack} label={t('lobby.microphoneLevel')} />
            <ProblemText problem={media.microphoneProblem} device="microphone" />
            <DeviceSelect
              label={t('lobby.camera')}
              kindName={t('lobby.camera')}
              devices={media.cameras}
              selectedId={media.cameraId}
              onSelect={(id) => void localMedia.selectCamera(id)}
            />
            <ProblemText problem={media.cameraProblem} device="camera" />
            {props.canChooseSpeaker && (
              <DeviceSelect
                label={t('meetingSettings.speaker')}
                kindName={t('meetingSettings.speaker')}
                devices={media.speakers}
                selectedId={media.speakerId}
                onSelect={props.onSpeakerChange}
              />
            )}
          </section>

          {props.backgroundsAvailable && (
            <section className="settings-section" aria-labelledby={backgroundId}>
              <h3 id={backgroundId} className="settings-heading">
                {t('background.title')}
              </h3>
              <div className="settings-preview">
                {media.videoTrack !== null ? (
                  <TrackVideo track={media.videoTrack} mirrored className="settings-video" />
                ) : (
                  <span className="settings-preview-off">{media.cameraOn ? t('background.starting') : t('lobby.previewOff')}</span>
                )}
              </div>
              <RadioGroup
                className="group"
                value={backgroundKey(media.background)}
                onChange={(value) => {
                  if (value === 'none' || value === 'blur') props.onBackgroundChange({ kind: value });
                  else props.onBackgroundChange({ kind: 'image', id: value.slice('image:'.length) });
                }}
              >
                <Label className="visually-hidden">{t('background.title')}</Label>
                <div className="background-options">
                  <Radio value="none" className="background-option">
                    <span className="background-swatch background-swatch-none" aria-hidden="true" />
                    <span>{t('background.none')}</span>
                  </Radio>
                  <Radio value="blur" className="background-option">
                    <span className="background-swatch background-swatch-blur" aria-hidden="true" />
                    <span>{t('background.blur')}</span>
                  </Radio>
                  {images.map((image) => (
                    <Radio key={image.id} value={`image:${image.id}`} className="background-option">
                      <img className="background-swatch" src={image.url} alt="" />
                      <span>{image.nameKey !== null ? t(image.nameKey as 'background.study') : (image.name ?? image.id)}</span>
                    </Radio>
                  ))}
                </div>
              </RadioGroup>
              {media.backgroundProblem !== null && (
                <p className="settings-problem" role="alert">
                  <Icon name="info" size={18} />
                  <span>{t('background.unavailable')}</span>
                </p>
              )}
            </section>
          )}

          <section className="settings-section" aria-labelledby={viewId}>
            <h3 id={viewId} className="settings-heading">
              {t('meetingSettings.view')}
            </h3>
            <SwitchField isSelected={props.simpleMode} onChange={props.onSimpleModeChange} describedBy={`${viewId}-hint`} isDisabled={props.simpleModeFixed}>
              {t('meetingSettings.simpleMode')}
            </SwitchField>
            <p className="description" id={`${viewId}-hint`}>
              {props.simpleModeFixed ? t('meetingSettings.simpleModeFixed') : t('meetingSettings.simpleModeHint')}
            </p>
          </section>

          <div className="dialog-actions">
            <Button className="btn btn-primary" slot="close">
              {t('common.done')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

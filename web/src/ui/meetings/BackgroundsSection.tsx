// A meeting's own background pictures on its page (owner only): the pictures with their names
// and "Remove", and "Add picture" (PNG, JPEG or WebP up to 2 MB, checked here for a quick answer
// and again by the server, which decides by the file's first bytes). When a meeting has its own
// pictures, participants choose their background from these. Not the picker in the meeting.
import { useState } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import type { Meeting } from '../../protocol/generated';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { useLoad } from '../data';
import { describeError } from '../errors';
import { useServices } from '../services';
import { Section } from './Section';

export const MAX_BACKGROUND_BYTES = 2 * 1024 * 1024;
export const MAX_BACKGROUNDS = 8;
const ACCEPTED = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_NAME_CHARS = 60;

/** What participants see for a picture: its file name without the extension. */
export function pictureName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const base = (dot > 0 ? fileName.slice(0, dot) : fileName).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return Array.from(base === '' ? fileName : base)
    .slice(0, MAX_NAME_CHARS)
    .join('');
}

export function BackgroundsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const { state, reload, update } = useLoad(() => api.listBackgrounds(meeting.id), [api, meeting.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (files: FileList | null) => {
    const file = files?.[0];
    if (file === undefined) return;
    setError(null);
    if (!ACCEPTED.includes(file.type)) {
      setError(t('details.backgroundWrongType'));
      return;
    }
    if (file.size > MAX_BACKGROUND_BYTES) {
      setError(t('details.backgroundTooLarge'));
      return;
    }
    setBusy(true);
    try {
      const picture = await api.addBackground(meeting.id, pictureName(file.name), file);
      update((list) => [...list, picture]);
    } catch (e) {
      if (e instanceof ApiRequestError && e.status === 413) setError(t('details.backgroundTooLarge'));
      else if (e instanceof ApiRequestError && e.field === 'image') setError(t('details.backgroundWrongType'));
      else if (e instanceof ApiRequestError && e.code === 'conflict') setError(t('details.backgroundsFull'));
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    setError(null);
    try {
      await api.removeBackground(meeting.id, id);
      update((list) => list.filter((p) => p.id !== id));
    } catch (e) {
      setError(describeError(t, e));
    }
  };

  const full = state.status === 'ready' && state.data.length >= MAX_BACKGROUNDS;
  return (
    <Section title={t('details.backgrounds')}>
      <p className="surface-lead">{t('details.backgroundsLead')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          <p className="empty">{t('details.noBackgrounds')}</p>
        ) : (
          <ul className="background-pictures">
            {state.data.map((picture) => (
              <li key={picture.id} className="background-picture">
                <img src={`/api/v1/rooms/${encodeURIComponent(meeting.room_id)}/backgrounds/${encodeURIComponent(picture.id)}`} alt="" />
                <span className="background-picture-name">{picture.name}</span>
                <Button className="btn btn-small" onPress={() => void remove(picture.id)} aria-label={t('details.removeBackground', { name: picture.name })}>
                  {t('common.remove')}
                </Button>
              </li>
            ))}
          </ul>
        ))}
      <FileTrigger acceptedFileTypes={ACCEPTED} onSelect={(files) => void add(files)}>
        <Button className="btn" isDisabled={busy || full}>
          <Icon name="plus" size={18} />
          <span>{t('details.addBackground')}</span>
        </Button>
      </FileTrigger>
      <ErrorLine text={error} />
    </Section>
  );
}

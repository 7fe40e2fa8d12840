// The start page ("/"): product name, one sentence, and the "New meeting" button that creates a
// room and opens its link. Shows the server's message if it refuses.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { navigate, roomPath } from '../router';
import { useServices } from '../services';
import './pages.css';

export function StartPage() {
  const { t } = useTranslation();
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const room = await api.createRoom();
      navigate(roomPath(room.id));
    } catch (e) {
      if (e instanceof ApiRequestError && e.code === 'network') setError(t('start.unreachable'));
      else setError(t('start.failed', { message: e instanceof Error ? e.message : String(e) }));
      setBusy(false);
    }
  };

  return (
    <main className="page page-start">
      <div className="card card-start">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark" />
        </div>
        <h1>{t('app.name')}</h1>
        <p className="lead">{t('start.tagline')}</p>
        <Button className="btn btn-primary btn-large" onPress={() => void create()} isDisabled={busy}>
          {busy ? t('start.creating') : t('start.newMeeting')}
        </Button>
        {error !== null && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}

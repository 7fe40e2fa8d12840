// The start page ("/") for visitors who are not signed in: product name, one sentence, "New
// meeting" (creates an ad-hoc room, keeps its owner key in this browser and opens its link;
// only when the server allows anonymous rooms) and "Sign in" (or "Set up Plenum" before the
// first account exists). Shows the server's message if it refuses.
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { rememberOwnerKey } from '../../client/roomKeys';
import type { AuthConfig } from '../../protocol/generated';
import { ErrorLine } from '../components/ErrorLine';
import { navigate, roomPath } from '../router';
import { useServices } from '../services';
import './pages.css';

export function StartPage({ config }: { config: AuthConfig }) {
  const { t } = useTranslation();
  const { api, storage } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const anonymous = config.allow_anonymous_rooms;

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const room = await api.createRoom();
      rememberOwnerKey(storage, room.id, room.owner_key);
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
        <p className="lead">{anonymous ? t('start.tagline') : t('start.taglineSignIn')}</p>
        <div className="start-actions">
          {anonymous && (
            <Button className="btn btn-primary btn-large" onPress={() => void create()} isDisabled={busy}>
              {busy ? t('start.creating') : t('start.newMeeting')}
            </Button>
          )}
          {config.setup_required ? (
            <Button className={anonymous ? 'btn btn-large' : 'btn btn-primary btn-large'} onPress={() => navigate('/setup')}>
              {t('start.setUp')}
            </Button>
          ) : (
            <Button className={anonymous ? 'btn btn-large' : 'btn btn-primary btn-large'} onPress={() => navigate('/login')}>
              {t('start.signIn')}
            </Button>
          )}
        </div>
        <ErrorLine text={error} />
      </div>
    </main>
  );
}

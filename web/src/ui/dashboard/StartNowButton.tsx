// "Start meeting now": creates an ad-hoc room (POST /rooms), keeps its owner key in this
// browser (so it joins as the owner) and opens it; shows the server's refusal next to the
// button.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { rememberOwnerKey } from '../../client/roomKeys';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import { describeError } from '../errors';
import { navigate, roomPath } from '../router';
import { useServices } from '../services';

export function StartNowButton() {
  const { t } = useTranslation();
  const { api, storage } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const room = await api.createRoom();
      rememberOwnerKey(storage, room.id, room.owner_key);
      navigate(roomPath(room.id));
    } catch (e) {
      setError(describeError(t, e));
      setBusy(false);
    }
  };
  return (
    <>
      <Button className="btn btn-primary btn-large" onPress={() => void start()} isDisabled={busy}>
        <Icon name="video" size={22} />
        <span>{busy ? t('start.creating') : t('dashboard.startNow')}</span>
      </Button>
      <ErrorLine text={error} />
    </>
  );
}

// The application shell: picks the page for the current route. No state of its own.
import { useTranslation } from 'react-i18next';
import { AppLink } from './components/AppLink';
import { CenteredMessage } from './pages/CenteredMessage';
import { RoomPage } from './pages/RoomPage';
import { StartPage } from './pages/StartPage';
import { useRoute } from './router';

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  switch (route.name) {
    case 'start':
      return <StartPage />;
    case 'room':
      // A new key per room: a different link starts from scratch.
      return <RoomPage key={route.roomId} roomId={route.roomId} />;
    case 'unknown':
      return (
        <CenteredMessage title={t('room.notFoundTitle')} body={t('room.notFoundBody')}>
          <AppLink href="/" className="btn btn-primary">
            {t('common.backToStart')}
          </AppLink>
        </CenteredMessage>
      );
  }
}

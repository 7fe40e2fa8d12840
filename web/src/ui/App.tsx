// The application shell: loads the session (auth config and who is signed in) once, applies the
// account's language and the installation's German form of address ("Sie" or "du"), and picks the
// page for the current route — the start page or the dashboard at `/`, the signed-out account
// pages, the signed-in pages inside AppShell (sending signed-out visitors to /login with
// `return_to`), and meeting links, which work for everyone.
import { useEffect, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { AuthConfig, Me } from '../protocol/generated';
import { AdminUsersPage } from './admin/AdminUsersPage';
import { LoginPage } from './auth/LoginPage';
import { ResetPasswordPage } from './auth/ResetPasswordPage';
import { SetupPage } from './auth/SetupPage';
import { AppLink } from './components/AppLink';
import { PageHeader } from './components/PageHeader';
import { DashboardPage } from './dashboard/DashboardPage';
import { useSession } from './data';
import { germanAddressOf, languageFor, setGermanAddress } from './i18n';
import { MeetingDetailsPage } from './meetings/MeetingDetailsPage';
import { MeetingsPage } from './meetings/MeetingsPage';
import { EditMeetingPage, NewMeetingPage } from './meetings/MeetingWizard';
import { CenteredMessage } from './pages/CenteredMessage';
import { RoomPage } from './pages/RoomPage';
import { ReportPage } from './reports/ReportPage';
import { StartPage } from './pages/StartPage';
import { currentLocation, loginPath, navigate, useRoute, type Route } from './router';
import { useServices } from './services';
import { SettingsPage } from './settings/SettingsPage';
import { AppShell } from './shell/AppShell';

/** Replaces the current location (renders nothing). */
function Redirect({ to }: { to: string }) {
  useEffect(() => {
    navigate(to, { replace: true });
  }, [to]);
  return null;
}

function NotFound({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  if (signedIn) {
    return (
      <>
        <PageHeader title={t('errors.pageNotFoundTitle')} lead={t('errors.pageNotFoundBody')} />
        <p>
          <AppLink href="/">{t('nav.backHome')}</AppLink>
        </p>
      </>
    );
  }
  return (
    <CenteredMessage title={t('errors.pageNotFoundTitle')} body={t('errors.pageNotFoundBody')}>
      <AppLink href="/" className="btn btn-primary">
        {t('common.backToStart')}
      </AppLink>
    </CenteredMessage>
  );
}

function signedInPage(route: Route, me: Me, config: AuthConfig): ReactNode {
  switch (route.name) {
    case 'home':
      return <DashboardPage me={me} />;
    case 'meetings':
      return <MeetingsPage view={route.view} />;
    case 'newMeeting':
      return <NewMeetingPage />;
    case 'meeting':
      return <MeetingDetailsPage key={route.id} id={route.id} />;
    case 'editMeeting':
      return <EditMeetingPage key={route.id} id={route.id} />;
    case 'settings':
      return <SettingsPage me={me} ssoName={config.oidc?.display_name ?? null} />;
    case 'report':
      return <ReportPage key={route.id} id={route.id} />;
    case 'adminUsers':
      return me.role === 'admin' ? <AdminUsersPage me={me} /> : <Forbidden />;
    default:
      return <NotFound signedIn />;
  }
}

function Forbidden() {
  const { t } = useTranslation();
  return <PageHeader title={t('errors.adminOnlyTitle')} lead={t('errors.adminOnlyBody')} />;
}

function pageFor(route: Route, config: AuthConfig, me: Me | null): ReactNode {
  switch (route.name) {
    case 'room':
      // A new key per room: a different link starts from scratch.
      return <RoomPage key={route.roomId} roomId={route.roomId} guestToken={route.guestToken} me={me} />;
    case 'home':
      return me === null ? <StartPage config={config} /> : <AppShell me={me}>{signedInPage(route, me, config)}</AppShell>;
    case 'login':
      if (me !== null) return <Redirect to={route.returnTo ?? '/'} />;
      if (config.setup_required) return <Redirect to="/setup" />;
      return <LoginPage config={config} returnTo={route.returnTo} />;
    case 'setup':
      if (me !== null) return <Redirect to="/" />;
      if (!config.setup_required) return <Redirect to="/login" />;
      return <SetupPage codeRequired={config.setup_code_required} />;
    case 'resetPassword':
      return <ResetPasswordPage key={route.token ?? ''} token={route.token} />;
    case 'unknown':
      return me === null ? <NotFound signedIn={false} /> : <AppShell me={me}>{signedInPage(route, me, config)}</AppShell>;
    default:
      if (me === null) return <Redirect to={loginPath(currentLocation())} />;
      return <AppShell me={me}>{signedInPage(route, me, config)}</AppShell>;
  }
}

export function App() {
  const { t, i18n } = useTranslation();
  const { session } = useServices();
  const state = useSession();
  const route = useRoute();
  const language = state.status === 'ready' ? state.me?.language : undefined;
  const address = state.status === 'ready' ? state.config.german_address : undefined;

  useEffect(() => {
    if (session.getSnapshot().status === 'loading') void session.load();
  }, [session]);

  // The account's language wins over the browser's.
  useEffect(() => {
    if (language === undefined) return;
    const next = languageFor(language);
    if (i18n.language !== next) void i18n.changeLanguage(next);
  }, [language, i18n]);

  // The installation's German form of address; switching re-renders everything translated.
  useEffect(() => {
    if (address !== undefined) setGermanAddress(i18n, address);
  }, [address, i18n]);

  // Until the switch, keep showing "loading" so no page appears (or keeps strings) in the other form.
  if (state.status === 'loading' || (address !== undefined && germanAddressOf(i18n) !== address)) {
    return (
      <main className="page" aria-busy="true">
        <p className="lead" role="status">
          {t('common.loading')}
        </p>
      </main>
    );
  }
  if (state.status === 'failed') {
    // Meeting links keep working without the account service.
    if (route.name === 'room') return <RoomPage key={route.roomId} roomId={route.roomId} guestToken={route.guestToken} />;
    return (
      <CenteredMessage title={t('errors.serverTitle')} body={t('errors.serverBody')}>
        <Button className="btn btn-primary" onPress={() => void session.load()}>
          {t('common.tryAgain')}
        </Button>
      </CenteredMessage>
    );
  }
  return <>{pageFor(route, state.config, state.me)}</>;
}

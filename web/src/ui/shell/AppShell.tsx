// The frame of every signed-in page: a skip link, the top bar with "Plenum", the main
// navigation (Home, Meetings, Settings, and Administration for admins), the user's name and
// "Sign out", and the page itself in <main>. It loads nothing; App decides when it is shown.
import { useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../protocol/generated';
import { AppLink } from '../components/AppLink';
import { navigate, usePathname } from '../router';
import { useServices } from '../services';
import './AppShell.css';

type Section = 'home' | 'meetings' | 'settings' | 'admin';

function sectionOf(pathname: string): Section | null {
  if (pathname === '/') return 'home';
  if (pathname === '/meetings' || pathname.startsWith('/meetings/')) return 'meetings';
  if (pathname === '/settings') return 'settings';
  if (pathname.startsWith('/admin')) return 'admin';
  return null;
}

export function AppShell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const { session } = useServices();
  const pathname = usePathname();
  const active = sectionOf(pathname);
  const [signingOut, setSigningOut] = useState(false);

  const links: { section: Section; href: string; label: string }[] = [
    { section: 'home', href: '/', label: t('nav.home') },
    { section: 'meetings', href: '/meetings', label: t('nav.meetings') },
    { section: 'settings', href: '/settings', label: t('nav.settings') },
  ];
  if (me.role === 'admin') links.push({ section: 'admin', href: '/admin/users', label: t('nav.admin') });

  const signOut = async () => {
    setSigningOut(true);
    try {
      await session.signOut();
    } catch {
      // Signed out locally either way; the cookie expires on its own.
    }
    navigate('/');
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <AppLink href="/" className="topbar-brand">
            <span className="brand-mark brand-mark-small" aria-hidden="true" />
            <span>{t('app.name')}</span>
          </AppLink>
          <nav className="topbar-nav" aria-label={t('nav.label')}>
            <ul>
              {links.map((link) => (
                <li key={link.section}>
                  <AppLink href={link.href} aria-current={active === link.section ? 'page' : undefined}>
                    {link.label}
                  </AppLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="topbar-user">
            <span className="topbar-name" title={me.email}>
              {me.display_name}
            </span>
            <Button className="btn btn-small" onPress={() => void signOut()} isDisabled={signingOut}>
              {t('nav.signOut')}
            </Button>
          </div>
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

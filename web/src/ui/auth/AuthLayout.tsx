// The frame of the signed-out account pages (sign in, first-run setup, password reset): the
// brand and a centred card with a focused heading, like the start page. Layout only.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import '../pages/pages.css';
import './auth.css';

export function AuthLayout({ title, lead, children }: { title: string; lead?: string | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <main className="page page-auth">
      <div className="card card-auth">
        <div className="auth-brand" aria-hidden="true">
          <span className="brand-mark brand-mark-small" />
          <span>{t('app.name')}</span>
        </div>
        <div className="auth-heading">
          <h1 ref={heading} tabIndex={-1} className="card-title">
            {title}
          </h1>
          {lead !== undefined && <p className="lead">{lead}</p>}
        </div>
        {children}
      </div>
    </main>
  );
}

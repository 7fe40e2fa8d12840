// The heading of a signed-in page: the h1 (focused after in-app navigation so screen readers
// announce the new page), an optional lead sentence and actions; sets the document title.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

let navigated = false;
if (typeof window !== 'undefined') {
  const mark = () => {
    navigated = true;
  };
  window.addEventListener('plenum:navigate', mark);
  window.addEventListener('popstate', mark);
}

export function PageHeader({ title, lead, children }: { title: string; lead?: string | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (navigated) heading.current?.focus();
  }, []);
  return (
    <header className="page-header">
      <div className="page-header-text">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {lead !== undefined && <p className="lead">{lead}</p>}
      </div>
      {children !== undefined && <div className="page-header-actions">{children}</div>}
    </header>
  );
}

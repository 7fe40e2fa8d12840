// One titled surface of a meeting's page (details, dates, invitations, guest links, pictures),
// with optional actions beside the title. Layout only.
import { useId, type ReactNode } from 'react';

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="surface" aria-labelledby={id}>
      <div className="surface-head">
        <h2 className="surface-title" id={id}>
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

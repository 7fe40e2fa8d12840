// A calm full-page message with a heading, a sentence and actions; used for "not found",
// "unreachable", "you left" and "you were disconnected". Layout only.
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import './pages.css';

export function CenteredMessage({ title, body, children }: { title: string; body?: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Move focus to the new page's heading so screen readers announce where we are.
    heading.current?.focus();
  }, [title]);
  return (
    <main className="page">
      <div className="card">
        <h1 ref={heading} tabIndex={-1} className="card-title">
          {title}
        </h1>
        {body !== undefined && <p className="lead">{body}</p>}
        {children !== undefined && <div className="actions">{children}</div>}
      </div>
    </main>
  );
}

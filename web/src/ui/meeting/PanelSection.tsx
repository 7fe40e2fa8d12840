// One section of the Polls and Votes side panels: a region named by its heading ("Running",
// "New poll", "Prepared votes", …) with whatever it holds below. Only the frame and its
// `polls-section` / `polls-heading` classes; what goes in it (cards, a form, prepared rows) and
// when it is shown are the panel's.
import { useId, type ReactNode } from 'react';

export interface PanelSectionProps {
  heading: string;
  children: ReactNode;
}

export function PanelSection({ heading, children }: PanelSectionProps) {
  const headingId = useId();
  return (
    <section className="polls-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="polls-heading">
        {heading}
      </h3>
      {children}
    </section>
  );
}

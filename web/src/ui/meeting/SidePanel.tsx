// The frame of a side panel next to the stage (participants, moderation): a landmark named by
// its heading, an optional count after the heading, a close button and the content. Layout
// only; which panel is open is MeetingView's state.
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { Icon } from '../components/Icon';

export interface SidePanelProps {
  id: string;
  title: string;
  /** Shown in brackets after the title. */
  count?: number;
  closeLabel: string;
  onClose(): void;
  children: ReactNode;
}

export function SidePanel({ id, title, count, closeLabel, onClose, children }: SidePanelProps) {
  const headingId = `${id}-heading`;
  return (
    <aside id={id} className="panel" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>
          {title} {count !== undefined && <span className="panel-count">({count})</span>}
        </h2>
        <Button className="icon-button" aria-label={closeLabel} onPress={onClose}>
          <Icon name="close" size={20} />
        </Button>
      </div>
      {children}
    </aside>
  );
}

// The prepared items of the room's meeting as a panel section (PreparedPollList.tsx,
// PreparedVoteList.tsx): fetched once per room, each row with its title, a one-line summary and a
// one-click "Start" (named after the item), or "Started" once the meeting started one from it;
// below them the refusal it is given. Nothing at all while loading, when there are none (an
// ad-hoc room) or when they cannot be fetched. It knows nothing of polls or votes: what is
// fetched, the words and what counts as started come from its props; starting is the callback's.
import { Button } from 'react-aria-components';
import type { PlenumApi } from '../../client/api';
import type { RoomId } from '../../protocol/generated';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import { useLoad } from '../data';
import { useServices } from '../services';
import { PanelSection } from './PanelSection';
import './PreparedRow.css';

export interface PreparedListProps<T extends { id: string }> {
  roomId: RoomId;
  /** Fetches the room's prepared items (again only when the room changes). */
  fetch(api: PlenumApi, roomId: RoomId): Promise<readonly T[]>;
  heading: string;
  title(item: T): string;
  /** The row's summary under its title. */
  summary(item: T): string;
  /** A thing of this meeting was started from the item. */
  started(item: T): boolean;
  /** The start button's accessible name for the item. */
  startLabel(item: T): string;
  /** The start button's visible text. */
  startText: string;
  /** Shown instead of the button once started. */
  startedText: string;
  /** Why the last start from here was refused, in words. */
  error: string | null;
  onStart(item: T): void;
}

export function PreparedList<T extends { id: string }>(props: PreparedListProps<T>) {
  const { api } = useServices();
  const { roomId } = props;
  const { state } = useLoad(() => props.fetch(api, roomId), [api, roomId]);
  if (state.status !== 'ready' || state.data.length === 0) return null;
  return (
    <PanelSection heading={props.heading}>
      <ul className="prepared-rows">
        {state.data.map((item) => (
          <li key={item.id} className="prepared-row">
            <div className="prepared-row-text">
              <span className="prepared-row-title">{props.title(item)}</span>
              <span className="prepared-row-detail">{props.summary(item)}</span>
            </div>
            {props.started(item) ? (
              <span className="polls-prepared-started">
                <Icon name="check" size={16} />
                {props.startedText}
              </span>
            ) : (
              <Button className="btn btn-primary prepared-row-action" aria-label={props.startLabel(item)} onPress={() => props.onStart(item)}>
                {props.startText}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <ErrorLine text={props.error} />
    </PanelSection>
  );
}

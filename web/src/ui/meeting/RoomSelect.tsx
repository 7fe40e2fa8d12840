// A compact choice of a breakout room for one person: the main room or one of the rooms, in a
// select named for that person ("Room for Bea", "Move Bea to"). It shows the chosen room, or a
// placeholder when it only offers a move. Display; the caller decides what a choice does.
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, type Key } from 'react-aria-components';

export interface RoomChoice {
  /** Null: the main room. */
  value: number | null;
  name: string;
}

export interface RoomSelectProps {
  /** The accessible name (not shown: the row shows the person). */
  label: string;
  choices: readonly RoomChoice[];
  /** The chosen room (undefined: nothing chosen, the placeholder shows). */
  value?: number | null;
  placeholder?: string;
  onChange(value: number | null): void;
}

const MAIN = 'main';

function keyOf(value: number | null): string {
  return value === null ? MAIN : String(value);
}

export function RoomSelect({ label, choices, value, placeholder, onChange }: RoomSelectProps) {
  return (
    <Select
      className="select room-select"
      value={value === undefined ? null : keyOf(value)}
      {...(placeholder !== undefined ? { placeholder } : {})}
      onChange={(key: Key | null) => {
        if (key === null) return;
        onChange(key === MAIN ? null : Number(key));
      }}
    >
      <Label className="visually-hidden">{label}</Label>
      <Button className="select-trigger">
        <SelectValue className="select-value" />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="select-popover">
        <ListBox className="listbox">
          {choices.map((c) => (
            <ListBoxItem key={keyOf(c.value)} id={keyOf(c.value)} className="listbox-item" textValue={c.name}>
              {c.name}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

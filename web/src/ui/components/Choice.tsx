// Styled react-aria-components check box, radio and switch with their visible label as the
// accessible name (or an explicit `aria-label` that contains it). Behaviour is react-aria's.
import type { ReactNode } from 'react';
import { Checkbox, Radio, Switch } from 'react-aria-components';

const check = (
  <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <path d="m5 12.5 4.5 4.5L19 7" />
  </svg>
);

export interface CheckboxItemProps {
  children: ReactNode;
  isSelected?: boolean;
  onChange?: (selected: boolean) => void;
  /** Inside a CheckboxGroup. */
  value?: string;
  isDisabled?: boolean;
  'aria-label'?: string;
  /** Id of a hint that describes the check box. */
  describedBy?: string;
  className?: string;
}

export function CheckboxItem({ children, className = 'checkbox', isSelected, onChange, value, isDisabled, describedBy, ...aria }: CheckboxItemProps) {
  return (
    <Checkbox
      className={className}
      {...(isSelected !== undefined ? { isSelected } : {})}
      {...(onChange !== undefined ? { onChange } : {})}
      {...(value !== undefined ? { value } : {})}
      {...(isDisabled !== undefined ? { isDisabled } : {})}
      {...(aria['aria-label'] !== undefined ? { 'aria-label': aria['aria-label'] } : {})}
      {...(describedBy !== undefined ? { 'aria-describedby': describedBy } : {})}
    >
      <span className="checkbox-box" aria-hidden="true">
        {check}
      </span>
      <span>{children}</span>
    </Checkbox>
  );
}

/** A chip-like check box (for weekday pickers): no box, the chip itself shows the state. */
export function ChipCheckbox({ children, value, label }: { children: ReactNode; value: string; label: string }) {
  return (
    <Checkbox className="checkbox" value={value} aria-label={label}>
      {children}
    </Checkbox>
  );
}

export function RadioItem({ value, children, plain = false }: { value: string; children: ReactNode; plain?: boolean }) {
  return (
    <Radio className="radio" value={value}>
      {!plain && <span className="radio-dot" aria-hidden="true" />}
      <span>{children}</span>
    </Radio>
  );
}

export function SwitchField({
  children,
  isSelected,
  onChange,
  describedBy,
  isDisabled = false,
}: {
  children: ReactNode;
  isSelected: boolean;
  onChange(selected: boolean): void;
  /** Id of a hint that describes the switch. */
  describedBy?: string;
  /** Shown but fixed (the hint says why). */
  isDisabled?: boolean;
}) {
  return (
    <Switch
      className="switch"
      isSelected={isSelected}
      onChange={onChange}
      isDisabled={isDisabled}
      {...(describedBy !== undefined ? { 'aria-describedby': describedBy } : {})}
    >
      <span className="switch-track" aria-hidden="true" />
      <span>{children}</span>
    </Switch>
  );
}

// A labelled text field (react-aria-components TextField): label, input or text area, an
// optional hint, and the error for this field (linked to the input, announced as an alert).
// Validation rules live with the caller; native browser validation bubbles are off.
import { Input, Label, Text, TextArea, TextField } from 'react-aria-components';

export interface FieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | null | undefined;
  description?: string | undefined;
  type?: string | undefined;
  name?: string | undefined;
  autoComplete?: string | undefined;
  inputMode?: 'text' | 'numeric' | 'email' | 'search' | 'tel' | 'url' | 'decimal' | 'none' | undefined;
  isRequired?: boolean | undefined;
  isReadOnly?: boolean | undefined;
  isDisabled?: boolean | undefined;
  multiline?: boolean | undefined;
  rows?: number | undefined;
  maxLength?: number | undefined;
  autoFocus?: boolean | undefined;
  className?: string | undefined;
  placeholder?: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
}

export function Field(props: FieldProps) {
  const invalid = props.error !== undefined && props.error !== null && props.error !== '';
  return (
    <TextField
      className={`field ${props.className ?? ''}`.trim()}
      value={props.value}
      onChange={props.onChange}
      isInvalid={invalid}
      validationBehavior="aria"
      {...(props.type !== undefined ? { type: props.type } : {})}
      {...(props.name !== undefined ? { name: props.name } : {})}
      {...(props.autoComplete !== undefined ? { autoComplete: props.autoComplete } : {})}
      {...(props.inputMode !== undefined ? { inputMode: props.inputMode } : {})}
      {...(props.maxLength !== undefined ? { maxLength: props.maxLength } : {})}
      isRequired={props.isRequired ?? false}
      isReadOnly={props.isReadOnly ?? false}
      isDisabled={props.isDisabled ?? false}
      autoFocus={props.autoFocus ?? false}
    >
      <Label>{props.label}</Label>
      {props.multiline === true ? (
        <TextArea className="input textarea" rows={props.rows ?? 4} {...(props.placeholder !== undefined ? { placeholder: props.placeholder } : {})} />
      ) : (
        <Input
          className="input"
          {...(props.placeholder !== undefined ? { placeholder: props.placeholder } : {})}
          {...(props.min !== undefined ? { min: props.min } : {})}
          {...(props.max !== undefined ? { max: props.max } : {})}
        />
      )}
      {props.description !== undefined && (
        <Text slot="description" className="description">
          {props.description}
        </Text>
      )}
      {invalid && (
        <Text slot="errorMessage" className="error" role="alert">
          {props.error}
        </Text>
      )}
    </TextField>
  );
}

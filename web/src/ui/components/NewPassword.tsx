// The two fields every form that sets a password shows (the new password with its length hint,
// and the same again), and the check run before sending them. The server checks the length too.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN } from '../../client/validation';
import { Field } from './Field';

export interface NewPasswordErrors {
  password?: string;
  repeat?: string;
}

/** Errors for a new password and its repetition; empty when both are fine. */
export function checkNewPassword(t: TFunction, password: string, repeat: string): NewPasswordErrors {
  if (password.length < PASSWORD_MIN) return { password: t('auth.passwordTooShort', { min: PASSWORD_MIN }) };
  if (repeat !== password) return { repeat: t('auth.passwordsDiffer') };
  return {};
}

export interface NewPasswordFieldsProps {
  label: string;
  password: string;
  onPassword(value: string): void;
  repeat: string;
  onRepeat(value: string): void;
  errors: NewPasswordErrors;
}

export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={props.label}
        type="password"
        autoComplete="new-password"
        value={props.password}
        onChange={props.onPassword}
        error={props.errors.password}
        description={t('auth.passwordHint', { min: PASSWORD_MIN })}
        isRequired
      />
      <Field
        label={t('auth.repeatPassword')}
        type="password"
        autoComplete="new-password"
        value={props.repeat}
        onChange={props.onRepeat}
        error={props.errors.repeat}
        isRequired
      />
    </>
  );
}

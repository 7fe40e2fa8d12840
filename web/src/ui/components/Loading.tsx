// What a section shows while its data loads or when loading failed: a polite status line, or
// the error with "Try again". Layout only.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { describeError } from '../errors';
import { ErrorLine } from './ErrorLine';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {label ?? t('common.loading')}
    </p>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <div className="load-error">
      <ErrorLine text={describeError(t, error)} />
      <Button className="btn" onPress={onRetry}>
        {t('common.tryAgain')}
      </Button>
    </div>
  );
}

// Words for failed requests: maps an ApiRequestError (or anything thrown) to a sentence in the
// current language, and picks the server's error for one request field. No markup.
import type { TFunction } from 'i18next';
import { ApiRequestError } from '../client/api';

/** A sentence for any failure, in the current language. */
export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiRequestError)) return t('errors.generic', { message: error instanceof Error ? error.message : String(error) });
  switch (error.code) {
    case 'network':
      return t('errors.network');
    case 'rate_limited':
      return t('errors.rateLimited');
    case 'limit_reached':
      return t('errors.limitReached');
    case 'unavailable':
      return t('errors.unavailable');
    case 'forbidden':
      return t('errors.forbidden');
    case 'not_found':
      return t('errors.notFound');
    case 'unauthorized':
      return t('errors.unauthorized');
    case 'internal':
    case 'unexpected':
      return t('errors.internal');
    default:
      return t('errors.generic', { message: error.message });
  }
}

/** The server's message when `error` names `field`, else null. */
export function serverFieldError(error: unknown, field: string): string | null {
  return error instanceof ApiRequestError && error.field === field ? error.message : null;
}

// One way to turn a failure into words for the customer.
import { ApiError } from '../api';
import type { I18n } from '../i18n';

export function errorText(t: I18n['t'], e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429) return t('error.rate_limited', { seconds: e.retryAfter ?? 60 });
    if (e.status === 404) return t('error.not_found');
    const first = Object.values(e.details ?? {})[0]?.[0];
    if (first?.description) return first.description;
    if (e.description) return e.description;
    return t('error.generic');
  }
  if (e instanceof TypeError) return t('error.network'); // fetch's network failure
  return t('error.generic');
}

// Pages for signed-in customers: others go to the login page, which brings them back.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useI18n } from '../i18n';
import { useSession, type User } from '../session';

export function RequireLogin({ children }: { children: (user: User) => ComponentChildren }) {
  const { user } = useSession();
  const { url, route } = useLocation();
  const { t } = useI18n();
  useEffect(() => {
    if (user === null) route(`/login?return_to=${encodeURIComponent(url)}`, true);
  }, [user, url]);
  if (!user) return <p aria-busy="true">{t('state.loading')}</p>;
  return <>{children(user)}</>;
}

import { useI18n } from '../i18n';

export function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('error.not_found')}</h1>
      <p>
        <a href="/">{t('action.back_home')}</a>
      </p>
    </section>
  );
}

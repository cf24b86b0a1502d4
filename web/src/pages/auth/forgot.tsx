// /forgot-password: e-mail → POST auth/password/forgot → 202, always the same neutral message
// (the server never tells whether the address has an account). Also how someone who only ever
// e-mailed support sets a first password.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, post } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { useI18n } from '../../i18n';
import { EmailField, FormErrors, useFocusInvalid } from './form';
import { looksLikeEmail, waitText } from './logic';

export function ForgotPassword() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState('');
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusInvalid(form, fields);
  useEffect(() => {
    if (sentTo) heading.current?.focus();
  }, [sentTo]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    setError('');
    if (!looksLikeEmail(email)) {
      setFields({ email: t('auth.error.email') });
      return;
    }
    setFields({});
    setSending(true);
    try {
      await post('/api/v2/chamado/auth/password/forgot', { email: email.trim() });
      setSentTo(email.trim());
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t('auth.mail.throttled', { wait: waitText(t, err.retryAfter) }));
      else if (err instanceof ApiError && err.status === 422) setFields({ email: t('auth.error.email') });
      else setError(errorText(t, err));
    } finally {
      setSending(false);
    }
  };

  return (
    <section class="auth-page" aria-labelledby="forgot-title">
      <h1 id="forgot-title" ref={heading} tabIndex={-1}>
        {t('auth.forgot.title')}
      </h1>
      {sentTo ? (
        <>
          <Alert kind="success">
            <p class="auth-alert-line">{t('auth.forgot.sent', { email: sentTo })}</p>
          </Alert>
          <p>{t('auth.forgot.sent_more')}</p>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setSentTo('')}>
              {t('auth.forgot.other_address')}
            </button>
            <a href="/login">{t('auth.signup.go_login')}</a>
          </div>
        </>
      ) : (
        <>
          <p class="lead">{t('auth.forgot.lead')}</p>
          <form class="auth-form" ref={form} onSubmit={submit} noValidate>
            <FormErrors general={error} fields={fields} />
            <EmailField
              id="forgot-email"
              value={email}
              onValue={setEmail}
              error={fields.email} />
            <div class="actions">
              <button type="submit" disabled={sending}>
                {sending ? t('auth.forgot.sending') : t('auth.forgot.submit')}
              </button>
              <a href="/login">{t('auth.forgot.back')}</a>
            </div>
          </form>
          <p class="auth-aside">{t('auth.forgot.first_password')}</p>
        </>
      )}
    </section>
  );
}

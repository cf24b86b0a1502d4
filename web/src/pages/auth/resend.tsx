// "Send the e-mail again": POST auth/verify/resend {email}. The answer is the same 202 for any
// address, so the page says the same neutral thing whatever happened.
import { useRef, useState } from 'preact/hooks';
import { ApiError, post } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { useI18n } from '../../i18n';
import { EmailField, FormErrors, useFocusInvalid } from './form';
import { looksLikeEmail, waitText } from './logic';

function useResend() {
  const { t } = useI18n();
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(0); // how many times it was sent from this page
  const [error, setError] = useState('');
  const send = async (email: string) => {
    if (sending) return;
    setSending(true);
    setError('');
    try {
      await post('/api/v2/chamado/auth/verify/resend', { email: email.trim() });
      setDone((n) => n + 1);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 429 ? t('auth.mail.throttled', { wait: waitText(t, e.retryAfter) }) : errorText(t, e));
    } finally {
      setSending(false);
    }
  };
  return { sending, done, error, send };
}

// Under "check your e-mail", when the address is already known.
export function ResendButton({ email }: { email: string }) {
  const { t } = useI18n();
  const r = useResend();
  return (
    <div class="auth-resend">
      <p>{t('auth.resend.didnt_get')}</p>
      <button type="button" class="secondary" disabled={r.sending} onClick={() => r.send(email)}>
        {r.sending ? t('auth.resend.sending') : t('auth.resend.button')}
      </button>
      {r.done > 0 && <Alert kind="success">{t('auth.resend.sent')}</Alert>}
      {r.error && <Alert kind="error">{r.error}</Alert>}
    </div>
  );
}

// After an expired or used verification link: ask for a new one by address.
export function ResendForm() {
  const { t } = useI18n();
  const r = useResend();
  const [email, setEmail] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  useFocusInvalid(form, fields);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!looksLikeEmail(email)) {
      setFields({ email: t('auth.error.email') });
      return;
    }
    setFields({});
    r.send(email);
  };
  return (
    <form class="auth-form" ref={form} onSubmit={submit} noValidate aria-labelledby="resend-title">
      <h2 id="resend-title">{t('auth.resend.title')}</h2>
      <FormErrors general={r.error} fields={fields} />
      {r.done > 0 && <Alert kind="success">{t('auth.resend.sent')}</Alert>}
      <EmailField
        id="resend-email"
        value={email}
        onValue={setEmail}
        error={fields.email} />
      <div class="actions">
        <button type="submit" disabled={r.sending}>
          {r.sending ? t('auth.resend.sending') : t('auth.resend.button')}
        </button>
      </div>
    </form>
  );
}

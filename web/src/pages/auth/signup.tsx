// /signup: name, e-mail, password (and the language the visitor chose) → POST auth/signup →
// 202 "check your e-mail", the same whoever owns the address (docs/accounts.md).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, post } from '../../api';
import { Alert } from '../../components/alert';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { EmailField, defaultConfig, FormErrors, NewPasswordField, TextField, useFocusInvalid, useAuthConfig } from './form';
import { checkSignup, formFailure } from './logic';
import { ResendButton } from './resend';

export function Signup() {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const cfg = useAuthConfig();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState('');
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [closed, setClosed] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusInvalid(form, fields);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (sentTo) heading.current?.focus();
  }, [sentTo]);

  const min = (cfg ?? defaultConfig).password_min_length;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    setError('');
    const local = checkSignup(t, { name, email, password }, min);
    setFields(local);
    if (Object.keys(local).length) return;
    setSending(true);
    try {
      await post('/api/v2/chamado/auth/signup', { name: name.trim(), email: email.trim(), password, locale });
      setPassword('');
      setSentTo(email.trim());
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) {
        setClosed(true);
      } else {
        const f = formFailure(t, err, min);
        setFields(f.fields);
        setError(f.error ?? '');
      }
    } finally {
      setSending(false);
    }
  };

  if (sentTo) {
    return (
      <section class="auth-page" aria-labelledby="signup-title">
        <h1 id="signup-title" ref={heading} tabIndex={-1}>
          {t('auth.signup.check_title')}
        </h1>
        <Alert kind="success">
          <p class="auth-alert-line">{t('auth.signup.check_text', { email: sentTo })}</p>
        </Alert>
        <p>{t('auth.signup.check_more')}</p>
        <ResendButton email={sentTo} />
        <p>
          <a href="/login">{t('auth.signup.go_login')}</a>
        </p>
      </section>
    );
  }

  if (closed || cfg?.signup === false) {
    return (
      <section class="auth-page" aria-labelledby="signup-title">
        <h1 id="signup-title">{t('auth.signup.title')}</h1>
        <Alert kind="info">{t('auth.signup.closed')}</Alert>
        <p>
          <a href="/forgot-password">{t('auth.login.forgot')}</a>
        </p>
      </section>
    );
  }

  return (
    <section class="auth-page" aria-labelledby="signup-title">
      <h1 id="signup-title">{t('auth.signup.title')}</h1>
      {user && <Alert kind="info">{t('auth.signup.signed_in', { name: user.name })}</Alert>}
      <p class="lead">{t('auth.signup.lead')}</p>
      <form class="auth-form" ref={form} onSubmit={submit} noValidate>
        <FormErrors general={error} fields={fields} />
        <TextField id="signup-name" label={t('auth.field.name')} autocomplete="name" required value={name} onValue={setName} error={fields.name} maxLength={255} />
        <EmailField
          id="signup-email"
          value={email}
          onValue={setEmail}
          error={fields.email} />
        <NewPasswordField id="signup-password" label={t('auth.field.password')} value={password} onValue={setPassword} min={min} error={fields.password} />
        <div class="actions">
          <button type="submit" disabled={sending}>
            {sending ? t('auth.signup.sending') : t('auth.signup.submit')}
          </button>
        </div>
      </form>
      <p class="auth-aside">
        {t('auth.signup.have_account')} <a href="/login">{t('auth.signup.go_login')}</a>
      </p>
    </section>
  );
}

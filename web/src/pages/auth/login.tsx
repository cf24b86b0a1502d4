// /login: e-mail and password → POST auth/login → the session, then back where the visitor
// was (`return_to`, a path of this site only) or to /tickets. One message for any refusal
// (the server never says which part was wrong); 429 says how long to wait.
import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, post, withQuery } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { EmailField, FormErrors, TextField, useAuthConfig } from './form';
import { safeReturnTo, waitText } from './logic';

export function Login() {
  const { t } = useI18n();
  const { user, refresh, logout } = useSession();
  const { query, route } = useLocation();
  const target = safeReturnTo(query.return_to);
  const cfg = useAuthConfig();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [invalid, setInvalid] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);


  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    setSending(true);
    setError('');
    setInvalid(false);
    try {
      await post('/api/v2/chamado/auth/login', { email: email.trim(), password });
      await refresh();
      route(target);
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setError(t('auth.login.failed'));
        setInvalid(true);
        setPassword('');
      } else if (err instanceof ApiError && err.status === 429) {
        setError(t('auth.login.throttled', { wait: waitText(t, err.retryAfter) }));
      } else {
        setError(errorText(t, err));
      }
      emailRef.current?.focus();
    } finally {
      setSending(false);
    }
  };

  const signupOn = cfg?.signup === true;
  const ended = query.ended === 'all';

  return (
    <section class="auth-page" aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.login.title')}</h1>
      {ended && !user && <Alert kind="success">{t('auth.login.ended_all')}</Alert>}
      {user ? (
        <div class="auth-panel">
          <p>{t('auth.login.already', { name: user.name })}</p>
          <div class="actions">
            <a class="button" href={target}>
              {t('auth.login.continue')}
            </a>
            <button type="button" class="secondary" onClick={() => logout()}>
              {t('auth.login.not_you')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <form class="auth-form" onSubmit={submit} noValidate>
            <div id="login-error">
              <FormErrors general={error} />
            </div>
            <EmailField
              id="login-email"
              value={email}
              onValue={setEmail}
              inputRef={emailRef}
              invalidBy={invalid ? 'login-error' : undefined} />
            <TextField
              id="login-password"
              label={t('auth.field.password')}
              type="password"
              autocomplete="current-password"
              required
              value={password}
              onValue={setPassword}
              invalidBy={invalid ? 'login-error' : undefined}
            />
            <div class="actions">
              <button type="submit" disabled={sending}>
                {sending ? t('auth.login.sending') : t('auth.login.submit')}
              </button>
              <a href="/forgot-password">{t('auth.login.forgot')}</a>
            </div>
          </form>
          {cfg?.sso.enabled && (
            <p>
              <a href={withQuery('/access/login', { return_to: target })}>{t('auth.login.sso')}</a>
            </p>
          )}
          <div class="auth-aside">
            {signupOn && (
              <p>
                {t('auth.login.no_account')} <a href="/signup">{t('auth.login.create')}</a>
              </p>
            )}
            <p>{t('auth.login.emailed_before')}</p>
          </div>
        </>
      )}
    </section>
  );
}

// /reset-password#token=…: the link of a reset mail (also the first password of someone who
// only e-mailed support, and a re-sent verification). New password typed twice → POST
// auth/password/reset {token, password} → 200 {user, csrf_token} + cookies: signed in, so on
// to /tickets. A refused password keeps the link usable; a bad/used/expired link says so.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { post } from '../../api';
import { Alert } from '../../components/alert';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { defaultConfig, FormErrors, NewPasswordField, TextField, useFocusInvalid, useAuthConfig } from './form';
import { checkNewPassword, formFailure, tokenProblem, type TokenProblem } from './logic';
import { settleToken, takeToken } from './token';

export function ResetPassword() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const { route } = useLocation();
  const token = useRef<string | undefined>(undefined);
  token.current ??= takeToken('reset');
  const cfg = useAuthConfig();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<TokenProblem | 'missing' | undefined>(token.current ? undefined : 'missing');
  const [doneNoSession, setDoneNoSession] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusInvalid(form, fields);
  useEffect(() => {
    if (problem || doneNoSession) heading.current?.focus();
  }, [problem, doneNoSession]);
  const min = (cfg ?? defaultConfig).password_min_length;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    setError('');
    const local = checkNewPassword(t, password, confirm, min);
    setFields(local);
    if (Object.keys(local).length) return;
    setSending(true);
    try {
      await post('/api/v2/chamado/auth/password/reset', { token: token.current, password });
      settleToken('reset');
      const u = await refresh().catch(() => null);
      if (u) {
        route('/tickets');
        return;
      }
      setDoneNoSession(true);
    } catch (err) {
      const p = tokenProblem(err);
      if (p) {
        settleToken('reset');
        setProblem(p);
      }
      else {
        const f = formFailure(t, err, min);
        setFields(f.fields);
        setError(f.error ?? '');
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <section class="auth-page" aria-labelledby="reset-title">
      <h1 id="reset-title" ref={heading} tabIndex={-1}>
        {t('auth.reset.title')}
      </h1>
      {doneNoSession ? (
        <>
          <Alert kind="success">{t('auth.reset.done')}</Alert>
          <p>
            <a class="button" href="/login">
              {t('auth.verify.go_login')}
            </a>
          </p>
        </>
      ) : problem ? (
        <>
          <Alert kind="error">{t(`auth.link.${problem}`)}</Alert>
          <p>
            <a class="button" href="/forgot-password">
              {t('auth.reset.ask_again')}
            </a>
          </p>
        </>
      ) : (
        <>
          <p class="lead">{t('auth.reset.lead')}</p>
          <form class="auth-form" ref={form} onSubmit={submit} noValidate>
            <FormErrors general={error} fields={fields} />
            <NewPasswordField id="reset-password" label={t('auth.field.new_password')} value={password} onValue={setPassword} min={min} error={fields.password} />
            <TextField
              id="reset-confirm"
              label={t('auth.field.confirm_password')}
              type="password"
              autocomplete="new-password"
              required
              value={confirm}
              onValue={setConfirm}
              error={fields.password_confirmation}
            />
            <div class="actions">
              <button type="submit" disabled={sending}>
                {sending ? t('state.saving') : t('auth.reset.submit')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

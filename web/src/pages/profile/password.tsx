// Change password: POST auth/password/change {current_password, password} → 204; every other
// session ends (this one stays). 422 on current_password (wrong) or password (a rule).
import { useRef, useState } from 'preact/hooks';
import { post } from '../../api';
import { Alert } from '../../components/alert';
import { useI18n } from '../../i18n';
import { defaultConfig, FormErrors, NewPasswordField, TextField, useFocusInvalid, useAuthConfig } from '../auth/form';
import { formFailure, passwordTooShort } from '../auth/logic';

export function ChangePassword({ email, onChanged }: { email: string; onChanged?: () => void }) {
  const { t } = useI18n();
  const cfg = useAuthConfig();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  useFocusInvalid(form, fields);
  const min = (cfg ?? defaultConfig).password_min_length;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    setError('');
    setDone(false);
    const local: Record<string, string> = {};
    if (!current) local.current_password = t('profile.password.current_required');
    if (passwordTooShort(password, min)) local.password = t('auth.password.too_short', { min });
    setFields(local);
    if (Object.keys(local).length) return;
    setSending(true);
    try {
      await post('/api/v2/chamado/auth/password/change', { current_password: current, password });
      setCurrent('');
      setPassword('');
      setDone(true);
      onChanged?.(); // other sessions ended: the list below is out of date
    } catch (err) {
      const f = formFailure(t, err, min);
      setFields(f.fields);
      setError(f.error ?? '');
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="profile-section" ref={form} onSubmit={submit} noValidate aria-labelledby="profile-password">
      <h2 id="profile-password">{t('profile.password.title')}</h2>
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autocomplete="username" value={email} readOnly hidden />
      <FormErrors general={error} fields={fields} />
      <TextField
        id="profile-current-password"
        label={t('profile.password.current')}
        type="password"
        autocomplete="current-password"
        required
        value={current}
        onValue={setCurrent}
        error={fields.current_password}
      />
      <NewPasswordField id="profile-new-password" label={t('profile.password.new')} value={password} onValue={setPassword} min={min} error={fields.password} />
      <div class="actions">
        <button type="submit" disabled={sending}>
          {sending ? t('state.saving') : t('profile.password.submit')}
        </button>
      </div>
      {done && <Alert kind="success">{t('profile.password.done')}</Alert>}
    </form>
  );
}

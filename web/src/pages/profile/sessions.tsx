// Where the account is signed in (GET auth/sessions: device, address, last seen in the user's
// time zone, "this device") and "Log out everywhere" (POST auth/logout_all → the login page).
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { get, post } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { describeAgent, sortSessions, type SessionInfo } from './logic';

export function Sessions({ version }: { version: number }) {
  const { t, dateTime } = useI18n();
  const { refresh } = useSession();
  const { route } = useLocation();
  const [list, setList] = useState<SessionInfo[] | undefined>(undefined);
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);

  useEffect(() => {
    get<{ sessions: SessionInfo[] }>('/api/v2/chamado/auth/sessions')
      .then((r) => setList(sortSessions(r.sessions ?? [])))
      .catch((e) => setError(errorText(t, e)));
  }, [version]);

  const logoutAll = async () => {
    if (sending) return;
    setSending(true);
    setError('');
    try {
      await post('/api/v2/chamado/auth/logout_all');
      route('/login?ended=all');
      await refresh().catch(() => null);
    } catch (e) {
      setError(errorText(t, e));
      setSending(false);
    }
  };

  const via = (v: string) => {
    const key = `profile.sessions.via.${v}`;
    const text = t(key);
    return text === key ? v : text;
  };

  return (
    <section class="profile-section" aria-labelledby="profile-sessions">
      <h2 id="profile-sessions">{t('profile.sessions.title')}</h2>
      <p class="hint">{t('profile.sessions.lead')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {list === undefined && !error && <p aria-busy="true">{t('state.loading')}</p>}
      {list && (
        <table class="responsive profile-sessions">
          <caption class="visually-hidden">{t('profile.sessions.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('profile.sessions.device')}</th>
              <th scope="col">{t('profile.sessions.ip')}</th>
              <th scope="col">{t('profile.sessions.started')}</th>
              <th scope="col">{t('profile.sessions.last_seen')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} class={s.current ? 'is-current' : undefined}>
                <td data-label={t('profile.sessions.device')}>
                  <span class="profile-device">
                    <span title={s.user_agent ?? undefined}>{describeAgent(s.user_agent) ?? t('profile.sessions.unknown_device')}</span>
                    {s.current && <span class="badge">{t('profile.sessions.this_device')}</span>}
                  </span>
                </td>
                <td data-label={t('profile.sessions.ip')}>{s.ip || '—'}</td>
                <td data-label={t('profile.sessions.started')}>
                  <time dateTime={s.created_at}>{dateTime(s.created_at)}</time> <span class="hint">({via(s.via)})</span>
                </td>
                <td data-label={t('profile.sessions.last_seen')}>
                  <time dateTime={s.last_seen_at}>{dateTime(s.last_seen_at)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="profile-danger">
        <p id="profile-logout-all-hint">{t('profile.sessions.logout_all_hint')}</p>
        <button type="button" class="secondary" aria-describedby="profile-logout-all-hint" disabled={sending} onClick={logoutAll}>
          {sending ? t('profile.sessions.logging_out') : t('profile.sessions.logout_all')}
        </button>
      </div>
    </section>
  );
}

// /profile (signed in): name, language, time zone, phone, notification preferences
// (GET/PUT /api/v2/chamado/profile); change password; the sessions and "log out everywhere".
import { useState } from 'preact/hooks';
import { RequireLogin } from '../../components/require-login';
import { useI18n } from '../../i18n';
import { ChangePassword } from './password';
import { ProfileForm } from './profile-form';
import { Sessions } from './sessions';

export function Profile() {
  const { t } = useI18n();
  const [sessionsVersion, setSessionsVersion] = useState(0);
  return (
    <RequireLogin>
      {(user) => (
        <section class="profile-page" aria-labelledby="profile-title">
          <h1 id="profile-title">{t('profile.title')}</h1>
          <ProfileForm />
          <ChangePassword email={user.email} onChanged={() => setSessionsVersion((n) => n + 1)} />
          <Sessions version={sessionsVersion} />
        </section>
      )}
    </RequireLogin>
  );
}

// The profile form: GET /api/v2/chamado/profile, then PUT {"profile":{…changed fields}}.
// A new language switches the portal at once: the session refresh adopts the saved profile
// (language, time zone, name) everywhere.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, get, put } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { LOCALES, useI18n } from '../../i18n';
import { useSession } from '../../session';
import { FormErrors, TextField, useFocusInvalid } from '../auth/form';
import { describedBy, fieldErrors } from '../auth/logic';
import { browserTimeZone, profileChanges, timeZones, zoneLabel, type ProfileData } from './logic';

export function ProfileForm() {
  const { t, locale } = useI18n();
  const { refresh } = useSession(); // refresh adopts the saved language and time zone
  const [saved, setSaved] = useState<ProfileData | undefined>(undefined);
  const [form, setForm] = useState<ProfileData | undefined>(undefined);
  const [loadError, setLoadError] = useState('');
  const [sending, setSending] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusInvalid(formRef, fields);
  const browserZone = useMemo(browserTimeZone, []);

  const load = () => {
    setLoadError('');
    get<{ profile: ProfileData }>('/api/v2/chamado/profile')
      .then(({ profile }) => {
        setSaved(profile);
        setForm({ ...profile, time_zone: profile.time_zone || browserZone || 'America/Sao_Paulo', phone: profile.phone ?? '' });
      })
      .catch((e) => setLoadError(errorText(t, e)));
  };
  useEffect(load, []);

  // The header's language menu saves the language too: follow it, so Save never reverts it.
  useEffect(() => {
    setSaved((s) => (s && s.locale !== locale ? { ...s, locale } : s));
    setForm((f) => (f && f.locale !== locale ? { ...f, locale } : f));
  }, [locale]);

  const zones = useMemo(() => timeZones(form?.time_zone, browserZone), [form?.time_zone, browserZone]);

  if (loadError)
    return (
      <div class="profile-section">
        <Alert kind="error">{loadError}</Alert>
        <button type="button" onClick={load}>
          {t('profile.retry')}
        </button>
      </div>
    );
  if (!form || !saved) return <p aria-busy="true">{t('state.loading')}</p>;

  const set = <K extends keyof ProfileData>(k: K, v: ProfileData[K]) => {
    setStatus('');
    setForm({ ...form, [k]: v });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    setError('');
    setStatus('');
    if (!form.name.trim()) {
      setFields({ name: t('auth.error.name') });
      return;
    }
    setFields({});
    const changes = profileChanges(saved, form);
    setSending(true);
    try {
      let next = saved;
      if (Object.keys(changes).length) {
        const r = await put<{ profile: ProfileData }>('/api/v2/chamado/profile', { profile: changes });
        next = r.profile;
      }
      setSaved(next);
      setForm({ ...next, time_zone: next.time_zone || form.time_zone, phone: next.phone ?? '' });
      await refresh().catch(() => null);
      setStatus('saved');
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        const f = fieldErrors(t, err, 10);
        setFields(f);
        if (!Object.keys(f).length) setError(errorText(t, err));
      } else setError(errorText(t, err));
    } finally {
      setSending(false);
    }
  };

  const tzError = fields.time_zone;
  return (
    <form class="profile-section" ref={formRef} onSubmit={submit} noValidate aria-labelledby="profile-details">
      <h2 id="profile-details">{t('profile.details.title')}</h2>
      <FormErrors general={error} fields={fields} />
      {saved.email && (
        <p class="profile-email">
          <span class="profile-email-label">{t('profile.email')}</span> <span>{saved.email}</span>
        </p>
      )}
      <TextField
        id="profile-name"
        label={t('profile.name')}
        autocomplete="name"
        required
        maxLength={255}
        value={form.name}
        onValue={(v) => set('name', v)}
        error={fields.name}
      />
      <div class="field">
        <label for="profile-locale">{t('profile.locale')}</label>
        <select
          id="profile-locale"
          value={form.locale}
          aria-invalid={fields.locale ? 'true' : undefined}
          aria-describedby={describedBy('profile-locale-hint', fields.locale && 'profile-locale-error')}
          onChange={(e) => set('locale', (e.currentTarget as HTMLSelectElement).value)}
        >
          {LOCALES.map((l) => (
            <option value={l} key={l} lang={l}>
              {t(`lang.${l}`)}
            </option>
          ))}
        </select>
        <span class="hint" id="profile-locale-hint">
          {t('profile.locale_hint')}
        </span>
        {fields.locale && (
          <span class="field-error" id="profile-locale-error">
            {fields.locale}
          </span>
        )}
      </div>
      <div class="field">
        <label for="profile-tz">{t('profile.time_zone')}</label>
        {zones.length ? (
          <select
            id="profile-tz"
            value={form.time_zone ?? ''}
            aria-invalid={tzError ? 'true' : undefined}
            aria-describedby={describedBy('profile-tz-hint', tzError && 'profile-tz-error')}
            onChange={(e) => set('time_zone', (e.currentTarget as HTMLSelectElement).value)}
          >
            {zones.map((z) => (
              <option value={z} key={z}>
                {zoneLabel(z)}
              </option>
            ))}
          </select>
        ) : (
          <input
            id="profile-tz"
            type="text"
            value={form.time_zone ?? ''}
            spellcheck={false}
            autocomplete="off"
            aria-invalid={tzError ? 'true' : undefined}
            aria-describedby={describedBy('profile-tz-hint', tzError && 'profile-tz-error')}
            onInput={(e) => set('time_zone', (e.currentTarget as HTMLInputElement).value)}
          />
        )}
        <span class="hint" id="profile-tz-hint">
          {browserZone && browserZone !== form.time_zone
            ? t('profile.time_zone_hint_browser', { zone: zoneLabel(browserZone) })
            : t('profile.time_zone_hint')}
        </span>
        {tzError && (
          <span class="field-error" id="profile-tz-error">
            {tzError}
          </span>
        )}
      </div>
      <TextField
        id="profile-phone"
        label={t('profile.phone')}
        type="tel"
        inputMode="tel"
        autocomplete="tel"
        value={form.phone ?? ''}
        onValue={(v) => set('phone', v)}
        hint={t('profile.phone_hint')}
        error={fields.phone}
      />
      <fieldset class="profile-notify">
        <legend>{t('profile.notify.title')}</legend>
        <div class="check">
          <input
            type="checkbox"
            id="profile-notify-email"
            checked={form.notify_email}
            aria-describedby="profile-notify-email-hint"
            onChange={(e) => set('notify_email', (e.currentTarget as HTMLInputElement).checked)}
          />
          <label for="profile-notify-email">{t('profile.notify.email')}</label>
          <span class="hint" id="profile-notify-email-hint">
            {t('profile.notify.email_hint')}
          </span>
        </div>
        {saved.notify_whatsapp !== undefined && (
          <div class="check">
            <input
              type="checkbox"
              id="profile-notify-whatsapp"
              checked={!!form.notify_whatsapp}
              aria-describedby="profile-notify-whatsapp-hint"
              onChange={(e) => set('notify_whatsapp', (e.currentTarget as HTMLInputElement).checked)}
            />
            <label for="profile-notify-whatsapp">{t('profile.notify.whatsapp')}</label>
            <span class="hint" id="profile-notify-whatsapp-hint">
              {t('profile.notify.whatsapp_hint')}
            </span>
          </div>
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={sending}>
          {sending ? t('state.saving') : t('profile.save')}
        </button>
      </div>
      {status === 'saved' && <Alert kind="success">{t('profile.saved')}</Alert>}
    </form>
  );
}

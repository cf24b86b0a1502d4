// Pieces the account and profile forms share: a labelled field whose hint and error are tied
// to the input (aria-describedby, aria-invalid), the auth/config answer, the error summary.
import type { ComponentChildren, Ref, RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import { Alert } from '../../components/alert';
import { useI18n } from '../../i18n';
import { describedBy } from './logic';

export interface AuthConfig {
  signup: boolean;
  sso: { enabled: boolean; remote_login_url: string | null };
  password_min_length: number;
}

const FALLBACK: AuthConfig = { signup: true, sso: { enabled: false, remote_login_url: null }, password_min_length: 10 };
let configPromise: Promise<AuthConfig> | undefined;

// GET /api/v2/chamado/auth/config once per visit (sign-up on?, the password's minimum length).
export function loadConfig(): Promise<AuthConfig> {
  configPromise ??= get<AuthConfig>('/api/v2/chamado/auth/config')
    .then((c) => ({ ...FALLBACK, ...c, sso: { ...FALLBACK.sso, ...(c.sso ?? {}) } }))
    .catch(() => {
      configPromise = undefined; // ask again next time
      return FALLBACK;
    });
  return configPromise;
}
export const defaultConfig = FALLBACK;

// auth/config for a page: undefined until it arrives (asked once per visit, see loadConfig).
export function useAuthConfig(): AuthConfig | undefined {
  const [cfg, setCfg] = useState<AuthConfig | undefined>(undefined);
  useEffect(() => {
    loadConfig().then(setCfg);
  }, []);
  return cfg;
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  type?: string;
  autocomplete?: string;
  required?: boolean;
  hint?: ComponentChildren;
  error?: string;
  // Marks the input invalid, described by an error shown elsewhere (one message for two fields).
  invalidBy?: string;
  inputRef?: Ref<HTMLInputElement>;
  inputMode?: 'text' | 'email' | 'tel' | 'numeric';
  minLength?: number;
  maxLength?: number;
  disabled?: boolean;
  spellcheck?: boolean;
}

export function TextField(p: FieldProps) {
  const hintId = p.hint ? `${p.id}-hint` : undefined;
  const errId = p.error ? `${p.id}-error` : undefined;
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <input
        id={p.id}
        name={p.id}
        ref={p.inputRef}
        type={p.type ?? 'text'}
        value={p.value}
        onInput={(e) => p.onValue((e.currentTarget as HTMLInputElement).value)}
        autocomplete={p.autocomplete}
        required={p.required}
        inputMode={p.inputMode}
        minLength={p.minLength}
        maxLength={p.maxLength}
        disabled={p.disabled}
        spellcheck={p.spellcheck}
        aria-invalid={p.error || p.invalidBy ? 'true' : undefined}
        aria-describedby={describedBy(hintId, errId, p.invalidBy)}
      />
      {p.hint && (
        <span class="hint" id={hintId}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span class="field-error" id={errId}>
          {p.error}
        </span>
      )}
    </div>
  );
}

// The errors of a refused form, announced at once (role=alert); each also sits by its field.
export function FormErrors({ general, fields }: { general?: string; fields?: Record<string, string> }) {
  const list = Object.values(fields ?? {});
  if (!general && list.length === 0) return null;
  return (
    <Alert kind="error">
      {general && <p class="auth-alert-line">{general}</p>}
      {list.length > 0 && (
        <ul class="auth-alert-list">
          {list.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

// Focuses the first field the server refused, so keyboard and screen-reader users land on it.
export function focusFirstInvalid(form: HTMLFormElement | null) {
  const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  el?.focus();
}

// After a refusal renders, focus its first refused field (or nothing when only a general error).
export function useFocusInvalid(form: RefObject<HTMLFormElement>, errors: Record<string, string>) {
  useEffect(() => {
    if (Object.keys(errors).length) focusFirstInvalid(form.current);
  }, [errors]);
}

// The "choose a password" input of sign-up, reset and change, with the length hint.
export function NewPasswordField(p: { id: string; label: string; value: string; onValue: (v: string) => void; min: number; error?: string }) {
  const { t } = useI18n();
  return (
    <TextField
      id={p.id}
      label={p.label}
      type="password"
      autocomplete="new-password"
      required
      value={p.value}
      onValue={p.onValue}
      hint={t('auth.password.hint', { min: p.min })}
      error={p.error}
    />
  );
}

// The e-mail input of every account form: the phone's e-mail keyboard, no spell check.
export function EmailField(p: Omit<FieldProps, 'label' | 'type' | 'inputMode' | 'autocomplete' | 'required' | 'spellcheck'>) {
  const { t } = useI18n();
  return (
    <TextField {...p} label={t('auth.field.email')} type="email" inputMode="email" autocomplete="email" required spellcheck={false} />
  );
}

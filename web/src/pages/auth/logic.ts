// The account pages' pure rules (unit-tested in logic.test.ts): where to go after signing in,
// reading a link's token, turning the server's refusals into the customer's words.
import { ApiError } from '../../api';
import { errorText } from '../../components/errors';

type T = (key: string, vars?: Record<string, string | number>) => string;

// `return_to` from the query, honoured only as a path of this site: "/tickets/4" yes;
// "//evil.example", "/\evil", "https://…", "javascript:…" no (an open redirect otherwise).
export function safeReturnTo(q: string | null | undefined, fallback = '/tickets'): string {
  if (!q || !q.startsWith('/') || q.startsWith('//') || q.startsWith('/\\')) return fallback;
  // Control characters and backslashes can be read as "//" by some browsers.
  if (/[\u0000-\u001f\u007f\\]/.test(q)) return fallback;
  // The account pages themselves are no destination (a loop back to /login, or a used link).
  // Whatever the URL parser makes of it must stay on this origin.
  try {
    if (new URL(q, 'http://portal.invalid').origin !== 'http://portal.invalid') return fallback;
  } catch {
    return fallback;
  }
  if (/^\/(login|signup|verify-email|reset-password|forgot-password)(?:[/?#]|$)/.test(q)) return fallback;
  return q;
}

// The token of a mail link `…#token=abc` (the fragment never reaches a server).
export function tokenFromHash(hash: string | null | undefined): string {
  if (!hash) return '';
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  return (p.get('token') ?? '').trim();
}

// Why a link was refused (422 on `token`): the server's description says it in words
// ("unknown link", "link already used", "link expired").
export type TokenProblem = 'expired' | 'used' | 'invalid';
export function tokenProblem(e: unknown): TokenProblem | undefined {
  if (!(e instanceof ApiError) || e.status !== 422) return undefined;
  const rule = e.ruleFor('token');
  if (!rule) return undefined;
  const d = (rule.description ?? '').toLowerCase();
  if (d.includes('expired')) return 'expired';
  if (d.includes('used')) return 'used';
  return 'invalid';
}

// A refused password (422, details.password[0].error) in the customer's language.
export function passwordRuleText(t: T, rule: string | undefined, minLength: number): string | undefined {
  switch (rule) {
    case 'TooShort':
      return t('auth.password.too_short', { min: minLength });
    case 'TooLong':
      return t('auth.password.too_long');
    case 'TooCommon':
      return t('auth.password.too_common');
    case 'LikeIdentity':
      return t('auth.password.like_identity');
    default:
      return undefined;
  }
}

// "Try again in …": seconds under 90, else whole minutes (rounded up).
export function waitText(t: T, seconds: number | undefined): string {
  const s = seconds && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
  if (s < 90) return t('auth.wait.seconds', { n: s });
  return t('auth.wait.minutes', { n: Math.ceil(s / 60) });
}

// A 422's details as one message per field, translated where we know the rule; the server's
// own description otherwise (it already speaks the request's language for most rules).
export function fieldErrors(t: T, e: unknown, minLength: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(e instanceof ApiError) || e.status !== 422) return out;
  for (const [field, list] of Object.entries(e.details ?? {})) {
    const first = list?.[0];
    if (!first) continue;
    let text: string | undefined;
    if (field === 'password') text = passwordRuleText(t, first.error, minLength);
    else if (field === 'current_password') text = t('auth.error.current_password');
    else if (field === 'email') text = t('auth.error.email');
    else if (field === 'name') text = t('auth.error.name');
    else if (field === 'phone') text = t('profile.error.phone');
    else if (field === 'time_zone') text = t('profile.error.time_zone');
    out[field] = text ?? first.description ?? t('error.generic');
  }
  return out;
}

// The ids an input's aria-describedby lists (hint and error, when present).
export function describedBy(...ids: (string | false | undefined | null)[]): string | undefined {
  const s = ids.filter(Boolean).join(' ');
  return s || undefined;
}

// Checks the browser can make before asking the server (the server checks everything again).
// Length in code points, as the server counts it.
export function passwordTooShort(password: string, minLength: number): boolean {
  return [...password].length < minLength;
}

export function looksLikeEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
}

// The sign-up form's own checks: field → message (empty when it may be sent).
export function checkSignup(t: T, v: { name: string; email: string; password: string }, minLength: number) {
  const out: Record<string, string> = {};
  if (!v.name.trim()) out.name = t('auth.error.name');
  if (!looksLikeEmail(v.email)) out.email = t('auth.error.email');
  if (passwordTooShort(v.password, minLength)) out.password = t('auth.password.too_short', { min: minLength });
  return out;
}

// A new password typed twice: field → message.
export function checkNewPassword(t: T, password: string, confirm: string, minLength: number) {
  const out: Record<string, string> = {};
  if (passwordTooShort(password, minLength)) out.password = t('auth.password.too_short', { min: minLength });
  else if (password !== confirm) out.password_confirmation = t('auth.error.confirm');
  return out;
}

// What a refused account form shows: each field's rule (422), the wait (429), else one message.
export function formFailure(t: T, e: unknown, minLength: number): { fields: Record<string, string>; error?: string } {
  if (e instanceof ApiError && e.status === 422) {
    const fields = fieldErrors(t, e, minLength);
    return Object.keys(fields).length ? { fields } : { fields, error: errorText(t, e) };
  }
  if (e instanceof ApiError && e.status === 429)
    return { fields: {}, error: t('auth.mail.throttled', { wait: waitText(t, e.retryAfter) }) };
  return { fields: {}, error: errorText(t, e) };
}

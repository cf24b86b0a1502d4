import { expect, test } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../api';
import { messages } from '../../i18n/messages';
import { fill } from '../../i18n/locale';
import {
  checkNewPassword,
  checkSignup,
  describedBy,
  fieldErrors,
  looksLikeEmail,
  passwordRuleText,
  passwordTooShort,
  safeReturnTo,
  tokenFromHash,
  tokenProblem,
  waitText,
} from './logic';

const en = (key: string, vars?: Record<string, string | number>) => fill(messages.en[key] ?? key, vars);

test('return_to: only paths of this site', () => {
  expect(safeReturnTo('/tickets/42')).toBe('/tickets/42');
  expect(safeReturnTo('/tickets?status=open&page=2')).toBe('/tickets?status=open&page=2');
  expect(safeReturnTo(undefined)).toBe('/tickets');
  expect(safeReturnTo('')).toBe('/tickets');
  for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)',
                     'tickets', '/\t/evil.example', '/\n/evil.example', '\\\\evil.example'])
    expect(safeReturnTo(bad), bad).toBe('/tickets');
  // Account pages are no destination (a loop, or a used link).
  expect(safeReturnTo('/login?return_to=/x')).toBe('/tickets');
  expect(safeReturnTo('/reset-password')).toBe('/tickets');
  expect(safeReturnTo('/loginx')).toBe('/loginx');
  expect(safeReturnTo('/profile')).toBe('/profile');
  expect(safeReturnTo('//x', '/')).toBe('/');
});

test('token from the fragment', () => {
  expect(tokenFromHash('#token=abc_DEF-123')).toBe('abc_DEF-123');
  expect(tokenFromHash('token=abc')).toBe('abc');
  expect(tokenFromHash('#foo=1&token=xyz')).toBe('xyz');
  expect(tokenFromHash('#')).toBe('');
  expect(tokenFromHash('')).toBe('');
  expect(tokenFromHash(undefined)).toBe('');
  expect(tokenFromHash('#other=1')).toBe('');
});

const tokenError = (why: string) =>
  new ApiError(422, 'RecordInvalid', 'Record validation errors', {
    token: [{ error: 'InvalidValue', description: `Token: ${why}; ask for a new e-mail` }],
  });

test('why a link was refused', () => {
  expect(tokenProblem(tokenError('link expired'))).toBe('expired');
  expect(tokenProblem(tokenError('link already used'))).toBe('used');
  expect(tokenProblem(tokenError('unknown link'))).toBe('invalid');
  const pw = new ApiError(422, 'RecordInvalid', '', { password: [{ error: 'TooShort' }] });
  expect(tokenProblem(pw)).toBeUndefined();
  expect(tokenProblem(new ApiError(500, '', ''))).toBeUndefined();
  expect(tokenProblem(new Error('x'))).toBeUndefined();
});

test('each password rule has its own words, in every language', () => {
  for (const rule of ['TooShort', 'TooLong', 'TooCommon', 'LikeIdentity']) {
    const text = passwordRuleText(en, rule, 12);
    expect(text).toBeTruthy();
    expect(text).not.toContain('auth.');
  }
  expect(passwordRuleText(en, 'TooShort', 12)).toContain('12');
  expect(passwordRuleText(en, 'Other', 12)).toBeUndefined();
  for (const l of ['pt-BR', 'es', 'en'] as const)
    for (const k of ['auth.password.too_short', 'auth.password.too_long', 'auth.password.too_common', 'auth.password.like_identity'])
      expect(messages[l][k], `${l} ${k}`).toBeTruthy();
});

test('a 422 becomes one message per field', () => {
  const e = new ApiError(422, 'RecordInvalid', 'Record validation errors', {
    password: [{ error: 'LikeIdentity', description: 'server words' }],
    email: [{ error: 'InvalidValue', description: 'Email: is not a valid e-mail address' }],
    something: [{ error: 'X', description: 'Something: the server says' }],
  });
  const f = fieldErrors(en, e, 10);
  expect(f.password).toBe(messages.en['auth.password.like_identity']);
  expect(f.email).toBe(messages.en['auth.error.email']);
  expect(f.something).toBe('Something: the server says');
  expect(fieldErrors(en, new ApiError(401, '', ''), 10)).toEqual({});
  const cur = new ApiError(422, 'RecordInvalid', '', { current_password: [{ error: 'InvalidValue' }] });
  expect(fieldErrors(en, cur, 10).current_password).toBe(messages.en['auth.error.current_password']);
});

test('waiting time in seconds or minutes', () => {
  expect(waitText(en, 30)).toBe('in 30 seconds');
  expect(waitText(en, 88.2)).toBe('in 89 seconds');
  expect(waitText(en, 90)).toBe('in 2 minutes');
  expect(waitText(en, 900)).toBe('in 15 minutes');
  expect(waitText(en, undefined)).toBe('in 60 seconds');
  expect(waitText(en, NaN)).toBe('in 60 seconds');
});

test('checks before sending', () => {
  expect(passwordTooShort('123456789', 10)).toBe(true);
  expect(passwordTooShort('ação-ação-', 10)).toBe(false); // code points, not bytes
  expect(passwordTooShort('😀😀😀😀😀😀😀😀😀', 10)).toBe(true); // 9 code points, 18 UTF-16 units
  expect(looksLikeEmail(' ana@example.com ')).toBe(true);
  expect(looksLikeEmail('ana@example')).toBe(false);
  expect(looksLikeEmail('ana example.com')).toBe(false);
  expect(Object.keys(checkSignup(en, { name: ' ', email: 'x', password: 'short' }, 10)).sort()).toEqual(['email', 'name', 'password']);
  expect(checkSignup(en, { name: 'Ana', email: 'ana@example.com', password: 'a long enough one' }, 10)).toEqual({});
  expect(checkNewPassword(en, 'a long password', 'a long passwort', 10)).toEqual({ password_confirmation: messages.en['auth.error.confirm'] });
  expect(Object.keys(checkNewPassword(en, 'short', 'short', 10))).toEqual(['password']);
  expect(checkNewPassword(en, 'a long password', 'a long password', 10)).toEqual({});
});

test('aria-describedby joins the ids present', () => {
  expect(describedBy('a-hint', undefined, 'a-error')).toBe('a-hint a-error');
  expect(describedBy(undefined, false, '')).toBeUndefined();
});

// Every literal t('auth.…') / t('profile.…') key the pages use exists (a missing one shows
// its key to customers), and so do the keys they build.
test('the pages use only keys that exist', () => {
  const dirs = [__dirname, path.join(__dirname, '../profile')];
  const used = new Set<string>();
  for (const d of dirs)
    for (const f of fs.readdirSync(d))
      if (/\.tsx?$/.test(f) && !f.endsWith('.test.ts')) {
        const src = fs.readFileSync(path.join(d, f), 'utf8');
        for (const m of src.matchAll(/\bt\(\s*'([a-z_.A-Z-]+)'/g)) used.add(m[1]);
      }
  for (const p of ['expired', 'used', 'invalid', 'missing']) used.add(`auth.link.${p}`);
  for (const v of ['password', 'verify', 'reset', 'jwt']) used.add(`profile.sessions.via.${v}`);
  expect(used.size).toBeGreaterThan(50);
  for (const l of ['pt-BR', 'es', 'en'] as const)
    for (const k of used) expect(messages[l][k], `${l} ${k}`).toBeTruthy();
});

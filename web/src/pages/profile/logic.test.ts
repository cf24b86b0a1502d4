import { expect, test } from 'vitest';
import { describeAgent, profileChanges, sortSessions, timeZones, zoneLabel, type ProfileData, type SessionInfo } from './logic';

test('time zones: sorted, with the saved one and the browser one', () => {
  const list = () => ['Europe/Lisbon', 'America/Sao_Paulo', 'America/Mexico_City'];
  expect(timeZones('America/Sao_Paulo', 'Europe/Lisbon', list)).toEqual([
    'America/Mexico_City', 'America/Sao_Paulo', 'Europe/Lisbon', 'UTC',
  ]);
  expect(timeZones('Brazil/East', undefined, list)).toContain('Brazil/East');
  expect(timeZones(null, undefined, () => { throw new Error('old browser'); })).toEqual([]);
  expect(timeZones(null, undefined, () => [])).toEqual([]);
});

test('time zone labels', () => {
  expect(zoneLabel('America/Sao_Paulo')).toBe('America / Sao Paulo');
  expect(zoneLabel('America/Argentina/Buenos_Aires')).toBe('America / Argentina / Buenos Aires');
  expect(zoneLabel('UTC')).toBe('UTC');
});

test('device names from user agents', () => {
  expect(describeAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'))
    .toBe('Chrome · Linux');
  expect(describeAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox · Windows');
  expect(describeAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'))
    .toBe('Safari · iOS');
  expect(describeAgent('Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'))
    .toBe('Chrome · Android');
  expect(describeAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'))
    .toBe('Edge · Windows');
  expect(describeAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'))
    .toBe('Safari · macOS');
  expect(describeAgent('curl/7.88.1')).toBe('curl');
  expect(describeAgent('')).toBeUndefined();
  expect(describeAgent(null)).toBeUndefined();
  expect(describeAgent('SomethingElse/1.0')).toBeUndefined();
});

test('sessions: this device first, then the most recent', () => {
  const s = (id: number, last: string, current = false): SessionInfo =>
    ({ id, via: 'password', ip: null, user_agent: null, created_at: last, last_seen_at: last, current });
  const out = sortSessions([s(1, '2026-01-01T00:00:00Z'), s(2, '2026-01-03T00:00:00Z'), s(3, '2026-01-02T00:00:00Z', true)]);
  expect(out.map((x) => x.id)).toEqual([3, 2, 1]);
});

test('profile: only the changed fields are sent', () => {
  const before: ProfileData = { name: 'Ana', email: 'a@x.com', locale: 'pt-BR', time_zone: null, phone: null,
                                notify_email: true, notify_whatsapp: false };
  expect(profileChanges(before, { ...before, phone: '' })).toEqual({});
  expect(profileChanges(before, { ...before, time_zone: 'America/Sao_Paulo' })).toEqual({ time_zone: 'America/Sao_Paulo' });
  expect(profileChanges(before, { ...before, name: ' Ana Souza ', locale: 'es', phone: ' +55 11 91234-5678 ', notify_email: false, notify_whatsapp: true }))
    .toEqual({ name: 'Ana Souza', locale: 'es', phone: '+55 11 91234-5678', notify_email: false, notify_whatsapp: true });
  expect(profileChanges({ ...before, phone: '+55 11 91234-5678' }, { ...before, phone: '' })).toEqual({ phone: '' });
  const noWa = { ...before, notify_whatsapp: undefined };
  expect(profileChanges(noWa, { ...noWa, notify_whatsapp: true })).toEqual({});
});

// The profile page's pure rules (unit-tested in logic.test.ts).

// The IANA zones this browser knows, sorted, always including `current` (a saved zone the
// list lacks, e.g. an alias) and the browser's own; [] when the browser cannot list them
// (the page falls back to a text field).
export function timeZones(current: string | null | undefined, browserZone: string | undefined,
                          list: () => string[] = supportedZones): string[] {
  let zones: string[];
  try {
    zones = list();
  } catch {
    return [];
  }
  if (!zones.length) return [];
  const set = new Set(zones);
  if (current) set.add(current);
  if (browserZone) set.add(browserZone);
  set.add('UTC');
  return [...set].sort((a, b) => a.localeCompare(b));
}

function supportedZones(): string[] {
  const f = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  return f ? f('timeZone') : [];
}

export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

// "America/Sao_Paulo" → "America / Sao Paulo" (what the <option> shows; the value stays).
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, ' ').replace(/\//g, ' / ');
}

// A short, honest name for a session's browser: "Firefox · Windows", "Chrome · Android",
// "curl"; undefined when the user agent says nothing we recognise.
export function describeAgent(ua: string | null | undefined): string | undefined {
  if (!ua) return undefined;
  const browser =
    /\bEdg(?:e|A|iOS)?\//.test(ua) ? 'Edge'
    : /\bOPR\/|\bOpera\b/.test(ua) ? 'Opera'
    : /\bSamsungBrowser\//.test(ua) ? 'Samsung Internet'
    : /\bFirefox\/|\bFxiOS\//.test(ua) ? 'Firefox'
    : /\bHeadlessChrome\//.test(ua) ? 'Chrome (headless)'
    : /\bChrom(?:e|ium)\/|\bCriOS\//.test(ua) ? 'Chrome'
    : /\bVersion\/[\d.]+.*Safari\//.test(ua) ? 'Safari'
    : /^curl\//.test(ua) ? 'curl'
    : undefined;
  const os =
    /\bAndroid\b/.test(ua) ? 'Android'
    : /\b(iPhone|iPad|iPod)\b/.test(ua) ? 'iOS'
    : /\bWindows\b/.test(ua) ? 'Windows'
    : /\bCrOS\b/.test(ua) ? 'ChromeOS'
    : /\bMac OS X\b|\bMacintosh\b/.test(ua) ? 'macOS'
    : /\bLinux\b/.test(ua) ? 'Linux'
    : undefined;
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os;
}

export interface SessionInfo {
  id: number;
  via: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  current: boolean;
}

// This device first, then the most recently seen.
export function sortSessions(list: SessionInfo[]): SessionInfo[] {
  return [...list].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.last_seen_at.localeCompare(a.last_seen_at),
  );
}

export interface ProfileData {
  name: string;
  email?: string;
  locale: string;
  time_zone: string | null;
  phone: string | null;
  notify_email: boolean;
  notify_whatsapp?: boolean;
}

// What PUT /profile gets: only the fields that changed (an empty phone clears it).
export function profileChanges(before: ProfileData, after: ProfileData): Partial<ProfileData> {
  const out: Partial<ProfileData> = {};
  if (after.name.trim() !== before.name) out.name = after.name.trim();
  if (after.locale !== before.locale) out.locale = after.locale;
  if ((after.time_zone ?? '') !== (before.time_zone ?? '')) out.time_zone = after.time_zone;
  if ((after.phone ?? '').trim() !== (before.phone ?? '')) out.phone = (after.phone ?? '').trim();
  if (after.notify_email !== before.notify_email) out.notify_email = after.notify_email;
  if (before.notify_whatsapp !== undefined && after.notify_whatsapp !== before.notify_whatsapp)
    out.notify_whatsapp = after.notify_whatsapp;
  return out;
}

// The language and time zone the portal speaks, as a Preact context. `t` looks texts up in
// messages.ts; dates are shown in the user's time zone (their profile's, else the browser's).
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { messages } from './messages';
import { fill, LOCALES, pickLocale, type Locale } from './locale';

const STORE_KEY = 'chamado.locale';

export interface I18n {
  locale: Locale;
  timeZone: string | undefined;
  setLocale(l: Locale): void;
  setTimeZone(tz: string | undefined): void;
  t(key: string, vars?: Record<string, string | number>): string;
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
}

function stored(): string | null {
  try {
    return localStorage.getItem(STORE_KEY);
  } catch {
    return null;
  }
}

export function makeI18n(locale: Locale, timeZone: string | undefined,
                         setLocale: (l: Locale) => void, setTimeZone: (tz: string | undefined) => void): I18n {
  const dict = messages[locale];
  const fmt = (opts: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(locale, { ...opts, timeZone });
    } catch {
      return new Intl.DateTimeFormat(locale, opts); // an unknown zone: the browser's
    }
  };
  const dt = fmt({ dateStyle: 'short', timeStyle: 'short' });
  const d = fmt({ dateStyle: 'medium' });
  return {
    locale,
    timeZone,
    setLocale,
    setTimeZone,
    t: (key, vars) => fill(dict[key] ?? key, vars),
    dateTime: (iso) => (iso ? dt.format(new Date(iso)) : ''),
    date: (iso) => (iso ? d.format(new Date(iso)) : ''),
  };
}

const Ctx = createContext<I18n>(makeI18n('pt-BR', undefined, () => {}, () => {}));

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(() => pickLocale(null, stored(), navigator.languages ?? []));
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  const setLocale = (l: Locale) => {
    if (!LOCALES.includes(l)) return;
    try {
      localStorage.setItem(STORE_KEY, l);
    } catch {
      /* private mode: this visit only */
    }
    setLocaleState(l);
  };
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => makeI18n(locale, timeZone, setLocale, setTimeZone), [locale, timeZone]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);
export { LOCALES, type Locale };

// Which language to speak: pure functions, unit-tested (locale.test.ts).
export const LOCALES = ['pt-BR', 'es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'pt-BR';

// "pt", "pt-PT", "es-AR", "en-US" … → one of ours; undefined when none fits.
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower.startsWith('pt')) return 'pt-BR';
  if (lower.startsWith('es')) return 'es';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

// The signed-in user's profile wins (remembered per user), then this browser's last choice,
// then the browser's languages in order, then pt-BR.
export function pickLocale(profile: string | null | undefined, stored: string | null | undefined,
                           browser: readonly string[]): Locale {
  return (
    matchLocale(profile) ??
    matchLocale(stored) ??
    browser.map(matchLocale).find((l): l is Locale => l !== undefined) ??
    DEFAULT_LOCALE
  );
}

// Fills {name} placeholders.
export function fill(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

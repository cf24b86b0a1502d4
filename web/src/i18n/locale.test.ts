import { describe, expect, test } from 'vitest';
import { fill, matchLocale, pickLocale } from './locale';

describe('language choice', () => {
  test('the profile wins over the browser', () => {
    expect(pickLocale('es', 'en', ['en-US'])).toBe('es');
  });
  test('then the last choice on this browser', () => {
    expect(pickLocale(null, 'en', ['es-AR'])).toBe('en');
  });
  test('then the first browser language we speak', () => {
    expect(pickLocale(null, null, ['de-DE', 'es-MX', 'en'])).toBe('es');
    expect(pickLocale(null, null, ['pt-PT'])).toBe('pt-BR');
  });
  test('pt-BR when nothing fits', () => {
    expect(pickLocale(undefined, 'xx', ['de', 'fr'])).toBe('pt-BR');
    expect(matchLocale('')).toBeUndefined();
  });
  test('placeholders are filled, unknown ones kept', () => {
    expect(fill('#{id} em {when}', { id: 12 })).toBe('#12 em {when}');
  });
});

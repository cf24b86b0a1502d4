import { expect, test } from 'vitest';
import { areas } from './messages';

// A text missing in one language would show its key to those customers.
test('every area has the same keys in pt-BR, es and en, none empty', () => {
  for (const area of areas) {
    const keys = Object.keys(area['pt-BR']).sort();
    expect(Object.keys(area.es).sort()).toEqual(keys);
    expect(Object.keys(area.en).sort()).toEqual(keys);
    for (const l of ['pt-BR', 'es', 'en'] as const)
      for (const k of keys) expect(area[l][k], `${l} ${k}`).not.toBe('');
  }
});

test('no key is defined by two areas (one would hide the other)', () => {
  const seen = new Map<string, number>();
  areas.forEach((a, i) => {
    for (const k of Object.keys(a['pt-BR'])) {
      expect(seen.has(k), `${k} in areas ${seen.get(k)} and ${i}`).toBe(false);
      seen.set(k, i);
    }
  });
});

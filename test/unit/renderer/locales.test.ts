/**
 * Every visible string is translated: each namespace has the same keys in every language, and no
 * translation is empty.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, resources } from '../../../renderer/src/i18n/i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  return Object.values(value).flatMap(leaves);
}

describe('translations', () => {
  const english = resources.en ?? {};

  it('has the shell and every feature namespace in English', () => {
    expect(Object.keys(english)).toContain('app');
  });

  for (const { code } of LANGUAGES) {
    it(`${code} has exactly the English keys, none empty`, () => {
      const language = resources[code] ?? {};
      expect(Object.keys(language).sort()).toEqual(Object.keys(english).sort());
      for (const namespace of Object.keys(english)) {
        expect(keys(language[namespace]).sort(), `${code}/${namespace}`).toEqual(
          keys(english[namespace]).sort(),
        );
        for (const text of leaves(language[namespace]))
          expect(typeof text === 'string' && text.trim().length > 0).toBe(true);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { compareIncidents, upsertIncident } from '../../../renderer/src/features/incidents/board-order';
import { summary } from './fake-api';

describe('board order', () => {
  it('sorts most severe first, then newest, then by id (as the core lists)', () => {
    const at = '2026-03-01T08:00:00.000Z';
    const later = '2026-03-01T09:00:00.000Z';
    const list = [
      summary('b', 'minor', { severity: 'minor', createdAt: later }),
      summary('d', 'major old', { severity: 'major', createdAt: at }),
      summary('c', 'major new', { severity: 'major', createdAt: later }),
      summary('z', 'critical same time z', { createdAt: at }),
      summary('a', 'critical same time a', { createdAt: at }),
      summary('e', 'moderate', { severity: 'moderate', createdAt: at }),
    ];
    expect([...list].sort(compareIncidents).map((i) => i.id)).toEqual(['a', 'z', 'c', 'd', 'e', 'b']);
  });

  it('upserts by id without changing the list it was given', () => {
    const first = summary('a', 'First', { severity: 'minor' });
    const list = [first];
    const changed = upsertIncident(list, { ...first, title: 'First, renamed' });
    expect(changed.map((i) => i.title)).toEqual(['First, renamed']);
    expect(list).toEqual([first]);
    expect(upsertIncident(changed, summary('b', 'Second')).map((i) => i.id)).toEqual(['b', 'a']);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPARTMENTS, departmentSchema, workspacePublicSchema } from '../../../shared/identity';

describe('departments', () => {
  it('start as police, traffic, energy and IT, each named and coloured', () => {
    expect(DEFAULT_DEPARTMENTS.map((d) => d.id)).toEqual(['police', 'traffic', 'energy', 'it']);
    for (const department of DEFAULT_DEPARTMENTS)
      expect(departmentSchema.parse(department)).toEqual(department);
    expect(new Set(DEFAULT_DEPARTMENTS.map((d) => d.colour)).size).toBe(DEFAULT_DEPARTMENTS.length);
  });

  it('can be added to, but ids stay unique and well formed', () => {
    const base = { id: 'ws-1', name: 'Riverton', publicKey: 'A'.repeat(43) };
    const fire = { id: 'fire', name: 'Fire & Rescue', colour: '#b91c1c' };
    expect(
      workspacePublicSchema.safeParse({ ...base, departments: [...DEFAULT_DEPARTMENTS, fire] }).success,
    ).toBe(true);
    expect(
      workspacePublicSchema.safeParse({
        ...base,
        departments: [...DEFAULT_DEPARTMENTS, DEFAULT_DEPARTMENTS[0]],
      }).success,
    ).toBe(false);
    expect(workspacePublicSchema.safeParse({ ...base, departments: [] }).success).toBe(false);
    expect(departmentSchema.safeParse({ ...fire, id: 'Fire Dept' }).success).toBe(false);
    expect(departmentSchema.safeParse({ ...fire, colour: 'red' }).success).toBe(false);
    expect(departmentSchema.safeParse({ ...fire, name: ' Fire' }).success).toBe(false);
  });
});

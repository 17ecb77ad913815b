import { describe, expect, it } from 'vitest';
import type { MusterEvent } from '../../../shared/contract';
import { createCore, type Core } from '../../../electron/core/core';
import { MusterError } from '../../../electron/core/errors';
import { tempDir } from '../../support/temp-dir';

const fixedNow = () => new Date('2026-11-25T03:00:00.000Z');

function openCore(dataDir = tempDir()): Core {
  let n = 0;
  return createCore({ dataDir, host: 'cli', now: fixedNow, newId: () => `inc-${++n}` });
}

async function rejection(promise: Promise<unknown>): Promise<MusterError> {
  const error = await promise.then(
    () => expect.unreachable('call should have been rejected'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MusterError);
  return error as MusterError;
}

describe('core', () => {
  it('records a new incident as reported, with an id and creation time', async () => {
    const core = openCore();
    const created = await core.call('createIncident', {
      title: '  Signal failure at Ring Road 2 ',
      severity: 'major',
    });
    expect(created).toEqual({
      id: 'inc-1',
      title: 'Signal failure at Ring Road 2',
      severity: 'major',
      status: 'reported',
      createdAt: '2026-11-25T03:00:00.000Z',
    });
    expect(await core.call('listIncidents', {})).toEqual([created]);
    core.close();
  });

  it('keeps incidents across a restart', async () => {
    const dataDir = tempDir();
    const first = openCore(dataDir);
    await first.call('createIncident', { title: 'Substation 14 outage', severity: 'critical' });
    first.close();
    const second = openCore(dataDir);
    expect(await second.call('listIncidents', {})).toMatchObject([{ title: 'Substation 14 outage' }]);
    second.close();
  });

  it('pushes an incident.created event to every subscriber until it unsubscribes', async () => {
    const core = openCore();
    const seen: MusterEvent[] = [];
    const unsubscribe = core.onEvent((e) => seen.push(e));
    await core.call('createIncident', { title: 'A', severity: 'minor' });
    unsubscribe();
    await core.call('createIncident', { title: 'B', severity: 'minor' });
    expect(seen).toEqual([{ type: 'incident.created', incident: expect.objectContaining({ title: 'A' }) }]);
    core.close();
  });

  it.each([
    [{ title: '', severity: 'major' }, 'title must not be empty'],
    [{ title: '   ', severity: 'major' }, 'title must not be empty'],
    [{ title: 'x'.repeat(201), severity: 'major' }, 'title must be at most 200 characters'],
    [{ title: 'two\nlines', severity: 'major' }, 'title must not contain control characters'],
    [{ title: 'x', severity: 'huge' }, 'severity must be one of critical, major, moderate, minor'],
    [{ title: 'x' }, 'severity must be one of'],
    [{ severity: 'major' }, 'title is required'],
    [{ title: 'x', severity: 'major', status: 'closed' }, 'unknown field(s): status'],
    [{ title: 42, severity: 'major' }, 'title'],
    ['not an object', 'expected object'],
  ])('refuses %j with a clear message and stores nothing', async (params, message) => {
    const core = openCore();
    const error = await rejection(core.call('createIncident', params));
    expect(error.code).toBe('invalid_params');
    expect(error.message).toContain(message);
    expect(await core.call('listIncidents', {})).toEqual([]);
    core.close();
  });

  it('refuses an unknown method, including names inherited from Object', async () => {
    const core = openCore();
    for (const method of ['dropEverything', 'toString', '__proto__', 'constructor']) {
      const error = await rejection(core.call(method, {}));
      expect(error.code).toBe('unknown_method');
    }
    core.close();
  });

  it('answers getAppInfo with the host it runs in', async () => {
    const core = openCore();
    expect(await core.call('getAppInfo', {})).toMatchObject({ name: 'Muster', host: 'cli' });
    core.close();
  });
});

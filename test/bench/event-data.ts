/**
 * Event envelopes with realistic content and sizes for the room benchmarks. Signing 200k events
 * would dominate setup, and no figure here verifies signatures, so a few dozen templates (a mix of
 * event types like a real incident log) are signed once and copied with a new id, clock stamp and
 * incident id. The copies do not verify; the room store does not check signatures, the fold does.
 */
import type { EventEnvelope } from '../../shared/events';
import { format } from '../../shared/hlc';
import { signEvent } from '../../electron/core/identity/event-signing';
import { generateKeyPair } from '../../electron/core/identity/keys';
import { DEPARTMENTS, createRng, incidentTitle, int, logEntry, pick, uuid, type Rng } from './text';

const TEMPLATES = 64;
const DEVICE = 'dev-7f3a9c2e';
/** Fixed, so every run builds the same events. */
const WALL_START = Date.parse('2026-11-25T03:00:00Z');

type Draft = { type: string; payload: Record<string, unknown> };

const party = (rng: Rng) =>
  rng() < 0.5
    ? { kind: 'department', id: pick(rng, DEPARTMENTS) }
    : { kind: 'member', id: `member-${int(rng, 1, 400)}` };

/** Roughly the mix of an incident's log: mostly notes, then tasks, status and role changes. */
function draft(rng: Rng, incidentId: string): Draft {
  const u = rng();
  if (u < 0.6) {
    return {
      type: 'log.note',
      payload: { incidentId, text: logEntry(rng), kind: rng() < 0.85 ? 'note' : 'decision' },
    };
  }
  if (u < 0.75) {
    return {
      type: 'task.created',
      payload: {
        incidentId,
        taskId: uuid(rng),
        title: `Check ${incidentTitle(rng).title.toLowerCase()}`,
        description: logEntry(rng),
        raci: { responsible: [party(rng)], accountable: party(rng), consulted: [party(rng)], informed: [] },
        due: new Date(WALL_START + int(rng, 1, 48) * 3600_000).toISOString(),
      },
    };
  }
  if (u < 0.85) {
    return {
      type: 'incident.status_changed',
      payload: { incidentId, from: 'reported', to: 'active', base: uuid(rng), reopen: false },
    };
  }
  if (u < 0.93) {
    return {
      type: 'role.assigned',
      payload: { incidentId, role: 'operations', holder: party(rng), base: null, reason: 'shift handover' },
    };
  }
  return {
    type: 'incident.updated',
    payload: {
      incidentId,
      changes: { severity: { value: 'major', base: uuid(rng), statusBase: uuid(rng) } },
      departmentsAdded: [pick(rng, DEPARTMENTS)],
      departmentsRemoved: [],
      tagsAdded: ['mutual-aid'],
      tagsRemoved: [],
    },
  };
}

export type EventFactory = {
  /** Event number `index` of incident `incidentId`: a fresh object each call. */
  make(index: number, incidentId: string): EventEnvelope;
  /** Mean JSON size of the templates, to print with the results. */
  meanJsonBytes: number;
};

export function createEventFactory(seed = 3): EventFactory {
  const rng = createRng(seed);
  const { privateKey } = generateKeyPair();
  const templates: EventEnvelope[] = [];
  for (let t = 0; t < TEMPLATES; t++) {
    const { type, payload } = draft(rng, uuid(rng));
    templates.push(
      signEvent(
        {
          id: uuid(rng),
          type,
          hlc: format({ wall: WALL_START + t, counter: 0, node: DEVICE }),
          actor: `member-${int(rng, 1, 400)}`,
          department: pick(rng, DEPARTMENTS),
          payload,
        },
        DEVICE,
        privateKey,
      ),
    );
  }
  const meanJsonBytes = Math.round(
    templates.reduce((sum, e) => sum + JSON.stringify(e).length, 0) / templates.length,
  );
  // Ids are derived from the index, so they are unique without a set; they are shaped like UUIDs.
  const idOf = (index: number) => {
    const hex = index.toString(16).padStart(12, '0');
    return `${hex.slice(4)}-${hex.slice(0, 4)}-4000-8000-${hex}`;
  };

  return {
    meanJsonBytes,
    make(index, incidentId) {
      const template = templates[index % TEMPLATES]!;
      return {
        ...template,
        id: idOf(index),
        // 20 events per millisecond: stamps increase with the index, as one device's would.
        hlc: format({ wall: WALL_START + Math.floor(index / 20), counter: index % 20, node: DEVICE }),
        payload: { ...(template.payload as Record<string, unknown>), incidentId },
      };
    },
  };
}

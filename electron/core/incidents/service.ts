/**
 * Incidents as event-sourced rooms: every command is planned against the current fold, signed by
 * this device, appended to the incident's room, and the board projection is rewritten from the new
 * fold. Only events whose certificate chain and signature verify reach the fold.
 */
import { randomUUID } from 'node:crypto';
import {
  foldIncident,
  planOrThrow,
  PlanError,
  type IncidentRecord,
  type MemberInfo,
  type PlanErrorCode,
} from '../../../shared/incident-record';
import type { ErrorCode, IncidentDetail } from '../../../shared/contract';
import { describeRunEvent } from '../../../shared/playbook';
import type { Store } from '../db/open';
import { openRoom, type Room } from '../docs/room-store';
import { latestRoomSeq, roomsChangedSince } from '../docs/update-log';
import { MusterError } from '../errors';
import { partitionVerified, type Directory, type RejectedEvent } from '../identity/event-signing';
import { createAuthor } from '../workspace/author';
import { DIRECTORY_ROOM } from '../workspace/directory';
import type { WorkspaceService } from '../workspace/service';
import { projectIncident, projectionMark, roomsWithUntrustedEvents, setProjectionMark } from './projection';

const INCIDENT_ROOM_PREFIX = 'incident:';
export const incidentRoom = (incidentId: string) => `${INCIDENT_ROOM_PREFIX}${incidentId}`;

const PLAN_ERROR_CODES: Record<PlanErrorCode, ErrorCode> = {
  'invalid-input': 'invalid_params',
  'text-too-long': 'invalid_params',
  'unknown-role': 'invalid_params',
  forbidden: 'forbidden',
  'not-commander': 'forbidden',
  'not-created': 'not_found',
  'already-created': 'precondition',
  'invalid-transition': 'precondition',
  'unknown-task': 'precondition',
  'nothing-to-change': 'precondition',
  'no-such-conflict': 'precondition',
};

/** A planning refusal as the error every host reports. */
export function planErrorToMuster(error: PlanError): MusterError {
  return new MusterError(PLAN_ERROR_CODES[error.code], error.message);
}

/** Each member's current role and department, as the folds take them. */
export function membersOf(directory: Directory): Map<string, MemberInfo> {
  return new Map(
    [...directory.members.values()].map((m) => [m.memberId, { role: m.role, department: m.department }]),
  );
}

function describeRejections(rejected: RejectedEvent[]): IncidentDetail['untrustedEvents'] {
  return rejected.map(({ event, reason, message }) => {
    const id = (event as { id?: unknown } | null)?.id;
    return { eventId: typeof id === 'string' ? id : null, reason, message };
  });
}

export function createIncidentService(
  db: Store,
  workspace: WorkspaceService,
  onChange: (record: IncidentRecord) => void,
) {
  /** Opens the incident's room and folds its verified events; the caller closes the room. */
  const load = (incidentId: string) => {
    const { identity, directory } = workspace.directory();
    const room = openRoom(db, incidentRoom(incidentId));
    return { identity, room, ...fold(room, incidentId, directory) };
  };

  const withRoom = <T>(incidentId: string, work: (loaded: ReturnType<typeof load>) => T): T => {
    const loaded = load(incidentId);
    try {
      return work(loaded);
    } finally {
      loaded.room.close();
    }
  };

  /** Only events whose certificate chain and signature verify reach the fold. */
  const fold = (room: Room, incidentId: string, directory: Directory) => {
    const { valid, rejected } = partitionVerified(room.events(), directory);
    const context = { incidentId, members: membersOf(directory), describeOther: describeRunEvent };
    return { valid, rejected, record: foldIncident(valid, context) };
  };

  /** Plans `command` against the current state; a refused command writes nothing. */
  const execute = (incidentId: string, command: unknown): IncidentRecord =>
    withRoom(incidentId, ({ identity, room, valid, record }) => {
      const actor = {
        id: identity.member.memberId,
        role: identity.member.role,
        department: identity.member.department,
      };
      let planned;
      try {
        planned = planOrThrow(record, command, actor, { newId: randomUUID });
      } catch (error) {
        if (error instanceof PlanError) throw planErrorToMuster(error);
        throw error;
      }
      const author = createAuthor(db, identity);
      // Our stamp must sort after every event this change was based on.
      author.observe(valid);
      author.write(room, planned.type, planned.payload);
      refreshProjections();
      const updated = fold(room, incidentId, workspace.directory().directory).record;
      onChange(updated);
      return updated;
    });

  /**
   * Brings the board and search tables up to date with every incident room written since they last
   * were, whoever wrote it: this process, another one on the same data folder, or sync.
   */
  const refreshProjections = (): void => {
    const latest = latestRoomSeq(db);
    const mark = projectionMark(db);
    if (latest <= mark) return;
    const changed = roomsChangedSince(db, mark);
    // Certificates that arrived can make events trusted that were not: refold where there are any.
    const rooms = [
      ...new Set([...changed, ...(changed.includes(DIRECTORY_ROOM) ? roomsWithUntrustedEvents(db) : [])]),
    ].filter((name) => name.startsWith(INCIDENT_ROOM_PREFIX));
    const { directory } = workspace.directory();
    for (const name of rooms) {
      const room = openRoom(db, name);
      try {
        const { record, rejected } = fold(room, name.slice(INCIDENT_ROOM_PREFIX.length), directory);
        if (record.created) projectIncident(db, name, record, rejected.length);
      } finally {
        room.close();
      }
    }
    setProjectionMark(db, latest);
  };

  /**
   * For long-running hosts: a check, cheap when nothing changed, that reports the incidents written
   * since the previous check by anyone, so windows see a CLI command's work without reloading.
   */
  const watchChanges = (announce: (incidentId: string) => void) => {
    let seen = latestRoomSeq(db);
    return () => {
      const latest = latestRoomSeq(db);
      if (latest <= seen) return;
      refreshProjections();
      for (const name of roomsChangedSince(db, seen)) {
        if (name.startsWith(INCIDENT_ROOM_PREFIX)) announce(name.slice(INCIDENT_ROOM_PREFIX.length));
      }
      seen = latest;
    };
  };

  return {
    create(fields: Record<string, unknown>): IncidentRecord {
      return execute(randomUUID(), { ...fields, kind: 'create' });
    },

    execute,
    refreshProjections,
    watchChanges,

    /**
     * Runs `work` on the incident's open room with its verified events and fold, then, if `work`
     * wrote to that room (not, say, to an exercise's), refreshes the projections and reports it.
     */
    withIncident<T>(incidentId: string, work: (loaded: ReturnType<typeof load>) => T): T {
      return withRoom(incidentId, (loaded) => {
        const before = latestRoomSeq(db);
        const result = work(loaded);
        if (roomsChangedSince(db, before).includes(loaded.room.name)) {
          refreshProjections();
          onChange(fold(loaded.room, incidentId, workspace.directory().directory).record);
        }
        return result;
      });
    },

    show(incidentId: string): IncidentDetail {
      return withRoom(incidentId, ({ record, rejected }) => {
        if (!record.created) throw new MusterError('not_found', `no incident ${incidentId}`);
        return { ...record, untrustedEvents: describeRejections(rejected) };
      });
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;

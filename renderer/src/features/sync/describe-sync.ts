import { format, formatDistanceStrict, isSameDay } from 'date-fns';
import type { RoomSyncStatus, SyncStatus } from '../../../../shared/sync';

/** Worst first: the indicator's colour and what a screen reader is told. */
export type SyncTone = 'none' | 'offline' | 'syncing' | 'online';

export type SyncDescription = {
  tone: SyncTone;
  /** The line shown in the header. */
  text: string;
  /**
   * The same line without the relative hint ("12 minutes ago"), for the live region: it changes
   * only when the state does, so screen readers are not told the time every minute.
   */
  spoken: string;
  /** A few lines for the tooltip: hubs, and each room that is not online with its last error. */
  details: string;
};

const MAX_DETAIL_ROOMS = 8;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "ws://10.0.0.5:4871" -> "10.0.0.5:4871"; the scheme says nothing at 3 a.m. */
export const hubHost = (hub: string) => hub.replace(/^wss?:\/\//, '');

const parse = (instant: string | null): Date | null => {
  if (!instant) return null;
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** 24-hour clock time, with the day when it was not today. */
const clock = (date: Date, now: Date) => format(date, isSameDay(date, now) ? 'HH:mm' : 'd MMM HH:mm');

const ago = (date: Date, now: Date) =>
  now.getTime() - date.getTime() < 60_000
    ? 'just now'
    : formatDistanceStrict(date, now, { addSuffix: true, roundingMethod: 'floor' });

function roomLine(room: RoomSyncStatus, now: Date): string {
  const since = parse(room.since);
  const when = since ? ` since ${clock(since, now)}` : room.state === 'offline' ? ', never synced' : '';
  const waiting =
    room.pendingChanges > 0 ? `, ${plural(room.pendingChanges, 'change', 'changes')} waiting` : '';
  const error = room.lastError ? ` — ${room.lastError}` : '';
  return `${room.room}: ${room.state}${when}${waiting}${error}`;
}

function detailsOf(status: SyncStatus, now: Date): string {
  const troubled = status.rooms.filter((r) => r.state !== 'online' || r.lastError);
  const lines = [
    status.hubs.length > 0 ? `Hubs: ${status.hubs.map(hubHost).join(', ')}` : 'No hub set',
    ...troubled.slice(0, MAX_DETAIL_ROOMS).map((r) => roomLine(r, now)),
  ];
  if (troubled.length > MAX_DETAIL_ROOMS) lines.push(`and ${troubled.length - MAX_DETAIL_ROOMS} more rooms`);
  return lines.join('\n');
}

/**
 * One calm line about syncing, worst state first: no hub set, then any room offline (since the
 * earliest of them went offline), then any room syncing, then online. `now` is passed in so the
 * wording is a pure function of its arguments.
 */
export function describeSync(status: SyncStatus, now: Date): SyncDescription {
  const details = detailsOf(status, now);
  const hosting = status.lanHub ? ` · hosting LAN hub ${hubHost(status.lanHub)}` : '';
  const line = (tone: SyncTone, text: string, spoken = text): SyncDescription => ({
    tone,
    text: text + hosting,
    spoken: spoken + hosting,
    details,
  });

  // With no hub every local change is "waiting", so a count would only alarm.
  if (status.hubs.length === 0) return line('none', 'Not syncing — no hub set');

  const pending = status.rooms.reduce((sum, r) => sum + r.pendingChanges, 0);
  const waiting = pending > 0 ? ` · ${plural(pending, 'change', 'changes')} waiting` : '';
  const offline = status.rooms.filter((r) => r.state === 'offline');

  // No rooms and no hub in use: nothing has connected yet, which is offline too.
  if (offline.length > 0 || (status.rooms.length === 0 && status.hub === null)) {
    const sinces = offline.map((r) => parse(r.since)).filter((d): d is Date => d !== null);
    if (sinces.length === 0) {
      const neverSynced = offline.every((r) => r.since === null);
      return line('offline', `Offline${neverSynced ? ' · never synced' : ''}${waiting}`);
    }
    const earliest = new Date(Math.min(...sinces.map((d) => d.getTime())));
    // The core's clock (a serve host on another machine) may run ahead of ours: never "in 2 minutes".
    const since = earliest > now ? now : earliest;
    const head = `Offline since ${clock(since, now)}`;
    return line('offline', `${head} · ${ago(since, now)}${waiting}`, `${head}${waiting}`);
  }

  if (status.rooms.some((r) => r.state === 'syncing')) return line('syncing', `Syncing${waiting}`);

  return line('online', `Online${status.hub ? ` · ${hubHost(status.hub)}` : ''}${waiting}`);
}

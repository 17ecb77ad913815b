import { format, formatDistanceStrict, isSameDay } from 'date-fns';
import { enUS, zhCN } from 'date-fns/locale';
import type { RoomSyncStatus, SyncStatus } from '../../../../shared/sync';
import { i18next } from '../../i18n/i18n';

/** Words in the member's language (the `sync` namespace). */
const t = (key: string, options: Record<string, unknown> = {}): string => i18next.t(`sync:${key}`, options);
const dateLocale = () => (i18next.language === 'zh-CN' ? zhCN : enUS);

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

/** "ws://10.0.0.5:4871" -> "10.0.0.5:4871"; the scheme says nothing at 3 a.m. */
export const hubHost = (hub: string) => hub.replace(/^wss?:\/\//, '');

const parse = (instant: string | null): Date | null => {
  if (!instant) return null;
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** 24-hour clock time, with the day when it was not today. */
const clock = (date: Date, now: Date) =>
  format(date, isSameDay(date, now) ? 'HH:mm' : 'd MMM HH:mm', { locale: dateLocale() });

const ago = (date: Date, now: Date) =>
  now.getTime() - date.getTime() < 60_000
    ? t('justNow')
    : formatDistanceStrict(date, now, { addSuffix: true, roundingMethod: 'floor', locale: dateLocale() });

function roomLine(room: RoomSyncStatus, now: Date): string {
  const since = parse(room.since);
  const when = since
    ? ` ${t('roomSince', { time: clock(since, now) })}`
    : room.state === 'offline'
      ? `, ${t('roomNever')}`
      : '';
  const waiting = room.pendingChanges > 0 ? `, ${t('changes', { count: room.pendingChanges })}` : '';
  const error = room.lastError ? ` — ${room.lastError}` : '';
  return `${room.room}: ${t(`state.${room.state}`)}${when}${waiting}${error}`;
}

function detailsOf(status: SyncStatus, now: Date): string {
  const troubled = status.rooms.filter((r) => r.state !== 'online' || r.lastError);
  const lines = [
    status.hubs.length > 0 ? t('hubs', { hubs: status.hubs.map(hubHost).join(', ') }) : t('noHubDetail'),
    ...troubled.slice(0, MAX_DETAIL_ROOMS).map((r) => roomLine(r, now)),
  ];
  if (troubled.length > MAX_DETAIL_ROOMS)
    lines.push(t('moreRooms', { count: troubled.length - MAX_DETAIL_ROOMS }));
  return lines.join('\n');
}

/**
 * One calm line about syncing, worst state first: no hub set, then any room offline (since the
 * earliest of them went offline), then any room syncing, then online. `now` is passed in so the
 * wording is a pure function of its arguments.
 */
export function describeSync(status: SyncStatus, now: Date): SyncDescription {
  const details = detailsOf(status, now);
  const hosting = status.lanHub ? ` · ${t('hosting', { hub: hubHost(status.lanHub) })}` : '';
  const line = (tone: SyncTone, text: string, spoken = text): SyncDescription => ({
    tone,
    text: text + hosting,
    spoken: spoken + hosting,
    details,
  });

  // With no hub every local change is "waiting", so a count would only alarm.
  if (status.hubs.length === 0) return line('none', t('noHub'));

  const pending = status.rooms.reduce((sum, r) => sum + r.pendingChanges, 0);
  const waiting = pending > 0 ? ` · ${t('changes', { count: pending })}` : '';
  const offline = status.rooms.filter((r) => r.state === 'offline');

  // No rooms and no hub in use: nothing has connected yet, which is offline too.
  if (offline.length > 0 || (status.rooms.length === 0 && status.hub === null)) {
    const sinces = offline.map((r) => parse(r.since)).filter((d): d is Date => d !== null);
    if (sinces.length === 0) {
      const neverSynced = offline.every((r) => r.since === null);
      return line('offline', `${t('offline')}${neverSynced ? ` · ${t('neverSynced')}` : ''}${waiting}`);
    }
    const earliest = new Date(Math.min(...sinces.map((d) => d.getTime())));
    // The core's clock (a serve host on another machine) may run ahead of ours: never "in 2 minutes".
    const since = earliest > now ? now : earliest;
    const head = t('offlineSince', { time: clock(since, now) });
    return line('offline', `${head} · ${ago(since, now)}${waiting}`, `${head}${waiting}`);
  }

  if (status.rooms.some((r) => r.state === 'syncing')) return line('syncing', `${t('syncing')}${waiting}`);

  return line('online', `${t('online')}${status.hub ? ` · ${hubHost(status.hub)}` : ''}${waiting}`);
}

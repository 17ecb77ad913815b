/** What the UI and CLI are told about syncing (DESIGN.md section 4). */
import { z } from 'zod';

/** A hub address as members list it: ws:// on a LAN, wss:// behind TLS. */
export const hubUrlSchema = z
  .string()
  .max(300)
  .regex(/^wss?:\/\/[^\s/?#]+$/, 'must be a hub address like ws://10.0.0.5:4871 (no path)');

export const hubListSchema = z
  .array(hubUrlSchema)
  .max(10, 'at most 10 hubs')
  .refine((hubs) => new Set(hubs).size === hubs.length, 'each hub at most once');

export type RoomState = 'online' | 'syncing' | 'offline';

export type RoomSyncStatus = {
  room: string;
  /** online: in sync with a hub; syncing: connected, exchanging changes; offline: no hub. */
  state: RoomState;
  /** When the room entered this state (ISO 8601): "offline since"; null if it never synced. */
  since: string | null;
  hub: string | null;
  /** Local changes no hub has acknowledged yet. */
  pendingChanges: number;
  acknowledgedAt: string | null;
  lastError: string | null;
};

export type SyncStatus = {
  /** The hubs this copy syncs with, in order of preference. */
  hubs: string[];
  /** The hub in use, or null when none answers or syncing is not running. */
  hub: string | null;
  /** The hub this copy hosts for its LAN (ws://address:port), or null. */
  lanHub: string | null;
  rooms: RoomSyncStatus[];
};

export type SyncResult = { hub: string; rooms: number; inSync: boolean };

export const lanHostingSchema = z
  .object({
    enabled: z.boolean(),
    /** 0.0.0.0 serves the whole LAN; 127.0.0.1 only this machine. */
    host: z.union([z.ipv4(), z.ipv6()]).default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(4871),
  })
  .strict();

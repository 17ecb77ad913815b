import { MusterError } from '../errors';

/**
 * Room names end up in SQLite rows, y-websocket URLs and file names of update bundles, so they are
 * kept to a small, case-stable alphabet. Migration 0002 enforces the same rule in the schema.
 */
export const ROOM_NAME_PATTERN = /^[a-z0-9][a-z0-9:._-]{0,127}$/;

export function assertRoomName(name: string): string {
  if (typeof name !== 'string' || !ROOM_NAME_PATTERN.test(name)) {
    throw new MusterError(
      'invalid_params',
      `invalid room name ${JSON.stringify(name)}: use 1-128 characters a-z 0-9 : . _ - starting with a letter or digit`,
    );
  }
  return name;
}

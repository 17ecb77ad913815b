import type { Migration } from '../migrate';

/**
 * Where each incident is, for the map (issue 6): the board projection gains the incident's WGS 84
 * position. Projections are refilled from the rooms, so forgetting how far they had read makes the
 * next read refold every incident and fill the new columns.
 */
export const incidentPositions: Migration = {
  version: 6,
  name: 'incident-positions',
  up: `
    ALTER TABLE incidents ADD COLUMN lat REAL CHECK (lat BETWEEN -90 AND 90);
    ALTER TABLE incidents ADD COLUMN lon REAL CHECK (lon BETWEEN -180 AND 180);
    DELETE FROM projection_marks WHERE name = 'rooms';
  `,
};

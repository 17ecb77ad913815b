import type { Migration } from '../migrate';
import { incidents } from './0001-incidents';
import { rooms } from './0002-rooms';
import { projections } from './0003-projections';
import { sync } from './0004-sync';
import { playbookRuns } from './0005-playbook-runs';
import { incidentPositions } from './0006-incident-positions';
import { mapTiles } from './0007-map-tiles';
import { openTasks } from './0008-open-tasks';

/** Every schema change, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  incidents,
  rooms,
  projections,
  sync,
  playbookRuns,
  incidentPositions,
  mapTiles,
  openTasks,
];

import type { Migration } from '../migrate';
import { incidents } from './0001-incidents';

/** Every schema change, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [incidents];

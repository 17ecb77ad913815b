import type { TFunction } from 'i18next';
import {
  INCIDENT_STATUSES,
  SEVERITIES,
  type IncidentStatus,
  type Severity,
} from '../../../../shared/incident';
import { TLP_LEVELS } from '../../../../shared/incident-record/vocabulary';

/**
 * The fixed words of board rows, translated once per language. i18next's t() is the costliest part
 * of rendering a row, and a fast scroll mounts several rows every frame; these words never vary
 * between rows, so rows look them up here instead.
 */
export type BoardLabels = {
  severity: Record<Severity, string>;
  status: Record<IncidentStatus, string>;
  tlp: Record<string, string>;
  none: string;
  conflictsHint: string;
  noHub: string;
  notSyncedYet: string;
};

export function boardLabels(t: TFunction<'board'>): BoardLabels {
  const each = <K extends string>(keys: readonly K[], word: (key: K) => string) =>
    Object.fromEntries(keys.map((key) => [key, word(key)])) as Record<K, string>;
  return {
    severity: each(SEVERITIES, (s) => t(`severity.${s}`)),
    status: each(INCIDENT_STATUSES, (s) => t(`status.${s}`)),
    tlp: each(TLP_LEVELS, (level) => t('tlp', { level })),
    none: t('none'),
    conflictsHint: t('conflicts.hint'),
    noHub: t('sync.noHub'),
    notSyncedYet: t('sync.unknown'),
  };
}

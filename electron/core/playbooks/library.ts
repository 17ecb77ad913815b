/**
 * The playbook library a workspace sees: the defaults shipped in playbooks/ beside package.json, plus
 * every version commanders and administrators published in the directory room. A version, once
 * there, never changes: a concurrent second publication of the same id and version is ignored (the
 * first in event order counts), and a newer version is a new entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EventEnvelope } from '../../../shared/events';
import { hlcWallTime } from '../../../shared/incident-record';
import { parsePlaybook, formatIssue, type PlaybookTemplate } from '../../../shared/playbook';
import type { Directory } from '../identity/event-signing';
import { authorisedPayloads } from '../workspace/directory';

export const LIBRARY_DIR = 'playbooks';

export type LibraryEntry = {
  template: PlaybookTemplate;
  source: 'built-in' | 'published';
  /** Who published it and when; null for the defaults. */
  published: { by: string; department: string; at: string | null } | null;
};

export type AutoStartSetting = { enabled: boolean; by: string; at: string | null };

let builtIns: { dir: string; templates: PlaybookTemplate[] } | undefined;

/** The default playbooks shipped with this build, read once. A broken one is a build bug: it throws. */
export function builtInPlaybooks(appRoot: string): PlaybookTemplate[] {
  const dir = path.join(appRoot, LIBRARY_DIR);
  if (builtIns?.dir === dir) return builtIns.templates;
  const templates = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const parsed = parsePlaybook(readFileSync(path.join(dir, name), 'utf8'));
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => formatIssue(i, name)).join('\n'));
      return parsed.template;
    });
  builtIns = { dir, templates };
  return templates;
}

/** Every version of every playbook, defaults first, each id's versions in ascending order. */
export function libraryEntries(
  defaults: readonly PlaybookTemplate[],
  events: readonly EventEnvelope[],
  directory: Directory,
): LibraryEntry[] {
  const entries = new Map<string, LibraryEntry>();
  const key = (t: PlaybookTemplate) => `${t.id}\u0000${t.version}`;
  for (const template of defaults)
    entries.set(key(template), { template, source: 'built-in', published: null });
  for (const { event, payload } of authorisedPayloads(events, directory, 'playbook.published', [
    'commander',
    'admin',
  ])) {
    if (entries.has(key(payload.template))) continue;
    entries.set(key(payload.template), {
      template: payload.template,
      source: 'published',
      published: { by: event.actor, department: event.department, at: hlcWallTime(event.hlc) },
    });
  }
  return [...entries.values()].sort(
    (a, b) =>
      (a.template.id < b.template.id ? -1 : a.template.id > b.template.id ? 1 : 0) ||
      a.template.version - b.template.version,
  );
}

/** The administrators' latest word on which playbooks may start by themselves. */
export function autoStartSettings(
  events: readonly EventEnvelope[],
  directory: Directory,
): Map<string, AutoStartSetting> {
  const settings = new Map<string, AutoStartSetting>();
  for (const { event, payload } of authorisedPayloads(events, directory, 'playbook.autostart', ['admin'])) {
    settings.set(payload.playbookId, {
      enabled: payload.enabled,
      by: event.actor,
      at: hlcWallTime(event.hlc),
    });
  }
  return settings;
}

/** Exercise runs that a commander or administrator purged. */
export function purgedExerciseRuns(events: readonly EventEnvelope[], directory: Directory): Set<string> {
  const purged = new Set<string>();
  for (const { payload } of authorisedPayloads(events, directory, 'exercise.purged', [
    'commander',
    'admin',
  ])) {
    for (const runId of payload.runIds) purged.add(runId);
  }
  return purged;
}

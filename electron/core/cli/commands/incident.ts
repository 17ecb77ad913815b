import { InvalidArgumentError, type Command } from 'commander';
import type { IncidentDetail, MemberSummary, SearchHit } from '../../../../shared/contract';
import { SEVERITIES, INCIDENT_STATUSES, type IncidentSummary } from '../../../../shared/incident';
import {
  CAP_CATEGORIES,
  ICS_ROLES,
  LINK_KINDS,
  TLP_LEVELS,
  type IncidentRecord,
} from '../../../../shared/incident-record';
import { changedLine, detailText, searchLine, summaryLine } from '../format';
import type { CliIo, GlobalOptions } from '../io';
import { callAndPrint, withCore } from '../open-core';

/** Repeatable options (`--department police --department it`) collect into a list. */
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `member:<id>` names a member; anything else a department id. */
function parseParty(value: string) {
  const [kind, id] = value.includes(':') ? value.split(':', 2) : ['department', value];
  if (kind !== 'member' && kind !== 'department')
    throw new InvalidArgumentError('expected DEPARTMENT or member:ID');
  return { kind, id };
}
const parseNumber = (value: string) => {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('expected a number');
  return number;
};

type LocationOptions = { lat?: number; lon?: number; address?: string; area?: string };
/** Only the location parts given; undefined when none is, so nothing is changed. */
function location({ lat, lon, address, area }: LocationOptions) {
  const parts = Object.entries({ lat, lon, address, area }).filter(([, v]) => v !== undefined);
  return parts.length ? Object.fromEntries(parts) : undefined;
}

const withLocationOptions = (command: Command) =>
  command
    .option('--lat <degrees>', 'latitude', parseNumber)
    .option('--lon <degrees>', 'longitude', parseNumber)
    .option('--address <text>', 'street address')
    .option('--area <name>', 'area or district name');

const changed = (r: IncidentRecord) => `updated ${changedLine(r)}`;

export function addIncidentCommands(program: Command, io: CliIo): void {
  const incident = program.command('incident').description('incidents: create, list, show, change');

  withLocationOptions(
    incident
      .command('create')
      .description('record a new incident (status: reported)')
      .requiredOption('--title <text>', 'short title, as people will say it on the radio')
      .requiredOption('--severity <level>', SEVERITIES.join(', '))
      .option('--category <cap>', `CAP category: ${CAP_CATEGORIES.join(', ')} (default Other)`)
      .option('--description <text>', 'what is known so far')
      .option('--priority <1-5>', 'priority, 1 highest', parseNumber)
      .option('--tlp <level>', `TLP marking: ${TLP_LEVELS.join(', ')} (default GREEN)`)
      .option('--lead <department>', 'lead department (default: yours)')
      .option('--department <id>', 'a department involved (repeatable)', collect)
      .option('--tag <tag>', 'a tag (repeatable)', collect),
  ).action((o, command: Command) =>
    callAndPrint(
      command,
      io,
      'createIncident',
      {
        title: o.title,
        severity: o.severity,
        category: o.category,
        description: o.description,
        priority: o.priority,
        tlp: o.tlp,
        leadDepartment: o.lead,
        departments: o.department,
        tags: o.tag,
        location: location(o),
      },
      (created: IncidentSummary) => `created ${summaryLine(created)}`,
    ),
  );

  incident
    .command('list')
    .description('list incidents, most severe first, then newest')
    .option('--status <status>', `only these (repeatable): ${INCIDENT_STATUSES.join(', ')}`, collect)
    .option('--severity <level>', 'only these (repeatable)', collect)
    .option('--department <id>', 'only incidents this department leads or is involved in')
    .action((o: { status?: string[]; severity?: string[]; department?: string }, command: Command) =>
      callAndPrint(command, io, 'listIncidents', o, (list: IncidentSummary[]) =>
        list.length ? list.map(summaryLine).join('\n') : 'no incidents',
      ),
    );

  incident
    .command('show')
    .description('the incident, its roles, tasks, timeline and open conflicts')
    .argument('<id>')
    .action(async (id: string, _o: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const [detail, members] = await withCore(globals, io, 'cli', (core) =>
        Promise.all([core.call('showIncident', { id }), core.call('listMembers', {})]),
      );
      io.stdout(
        globals.json
          ? `${JSON.stringify(detail)}\n`
          : `${detailText(detail as IncidentDetail, members as MemberSummary[])}\n`,
      );
    });

  withLocationOptions(
    incident
      .command('update')
      .description('change fields, or (alone) the status')
      .argument('<id>')
      .option(
        '--status <status>',
        `new status: ${INCIDENT_STATUSES.join(', ')} (cannot be combined with field changes)`,
      )
      .option('--reopen', 'with --status: reopen a resolved or closed incident')
      .option('--reason <text>', 'with --status: why')
      .option('--title <text>')
      .option('--description <text>')
      .option('--category <cap>')
      .option('--severity <level>')
      .option('--priority <1-5>', 'priority, 1 highest', parseNumber)
      .option('--tlp <level>')
      .option('--lead <department>')
      .option('--add-department <id>', 'repeatable', collect)
      .option('--remove-department <id>', 'repeatable', collect)
      .option('--add-tag <tag>', 'repeatable', collect)
      .option('--remove-tag <tag>', 'repeatable', collect),
  ).action((id: string, o, command: Command) => {
    const fields = {
      title: o.title,
      description: o.description,
      category: o.category,
      severity: o.severity,
      priority: o.priority,
      tlp: o.tlp,
      leadDepartment: o.lead,
      location: location(o),
      addDepartments: o.addDepartment,
      removeDepartments: o.removeDepartment,
      addTags: o.addTag,
      removeTags: o.removeTag,
    };
    const changesFields = Object.values(fields).some((v) => v !== undefined);
    if (o.status !== undefined) {
      if (changesFields)
        command.error('change the status on its own, without field changes', { exitCode: 2 });
      return callAndPrint(
        command,
        io,
        'changeIncidentStatus',
        { id, to: o.status, reopen: o.reopen, reason: o.reason },
        changed,
      );
    }
    return callAndPrint(command, io, 'updateIncident', { id, ...fields }, changed);
  });

  incident
    .command('assign')
    .description('give an ICS role to a member or a department (incident commander: a hand-off)')
    .argument('<id>')
    .requiredOption('--role <role>', ICS_ROLES.join(', '))
    .option('--to <party>', 'DEPARTMENT or member:ID')
    .option('--clear', 'leave the role unassigned')
    .option('--reason <text>')
    .action(
      (id: string, o: { role: string; to?: string; clear?: boolean; reason?: string }, command: Command) => {
        if (!o.to === !o.clear) command.error('give exactly one of --to or --clear', { exitCode: 2 });
        const holder = o.to ? parseParty(o.to) : null;
        return callAndPrint(
          command,
          io,
          'assignIncidentRole',
          { id, role: o.role, holder, reason: o.reason },
          changed,
        );
      },
    );

  incident
    .command('task')
    .description('add a task with a RACI assignment')
    .argument('<id>')
    .requiredOption('--title <text>')
    .requiredOption('--responsible <party>', 'DEPARTMENT or member:ID (repeatable)', collect)
    .option('--accountable <party>', 'DEPARTMENT or member:ID (default: you)')
    .option('--consulted <party>', 'repeatable', collect)
    .option('--informed <party>', 'repeatable', collect)
    .option('--due <time>', 'ISO 8601 instant, e.g. 2026-11-25T18:00:00Z')
    .option('--description <text>')
    .action((id: string, o, command: Command) =>
      callAndPrint(
        command,
        io,
        'createTask',
        {
          id,
          title: o.title,
          description: o.description,
          responsible: (o.responsible as string[]).map(parseParty),
          accountable: o.accountable ? parseParty(o.accountable) : undefined,
          consulted: (o.consulted as string[] | undefined)?.map(parseParty),
          informed: (o.informed as string[] | undefined)?.map(parseParty),
          due: o.due,
        },
        changed,
      ),
    );

  incident
    .command('ack')
    .description('acknowledge a task you are responsible for')
    .argument('<id>')
    .requiredOption('--task <taskId>')
    .option('--note <text>')
    .action((id: string, o: { task: string; note?: string }, command: Command) =>
      callAndPrint(
        command,
        io,
        'changeTaskState',
        { id, taskId: o.task, note: o.note, action: 'acknowledge' },
        changed,
      ),
    );

  incident
    .command('log')
    .description('add an entry to the incident log (ICS 214)')
    .argument('<id>')
    .requiredOption('--text <text>')
    .option('--decision', 'record it as a decision')
    .option('--tlp <level>', 'marking of this entry, if stricter than the incident')
    .action((id: string, o: { text: string; decision?: boolean; tlp?: string }, command: Command) =>
      callAndPrint(
        command,
        io,
        'addLogEntry',
        { id, text: o.text, noteKind: o.decision ? 'decision' : undefined, tlp: o.tlp },
        changed,
      ),
    );

  incident
    .command('link')
    .description('link two related incidents')
    .argument('<id>')
    .requiredOption('--to <otherId>')
    .option('--kind <kind>', LINK_KINDS.join(', '), 'related')
    .option('--unlink', 'remove the link instead')
    .action((id: string, o: { to: string; kind: string; unlink?: boolean }, command: Command) =>
      callAndPrint(
        command,
        io,
        o.unlink ? 'unlinkIncidents' : 'linkIncidents',
        { id, targetIncidentId: o.to, linkKind: o.kind },
        changed,
      ),
    );

  incident
    .command('resolve-conflict')
    .description('commanders: settle a conflict by choosing one of its candidate events')
    .argument('<id>')
    .requiredOption('--conflict <conflictId>')
    .requiredOption('--choose <eventId>', 'the candidate event whose value stands')
    .option('--note <text>')
    .action((id: string, o: { conflict: string; choose: string; note?: string }, command: Command) =>
      callAndPrint(
        command,
        io,
        'resolveConflict',
        { id, conflictId: o.conflict, chosenEventId: o.choose, note: o.note },
        changed,
      ),
    );

  program
    .command('search')
    .description('full-text search over titles, descriptions and log entries')
    .argument('<query...>')
    .action((words: string[], _o: object, command: Command) =>
      callAndPrint(command, io, 'searchIncidents', { query: words.join(' ') }, (hits: SearchHit[]) =>
        hits.length ? hits.map(searchLine).join('\n') : 'no matches',
      ),
    );
}

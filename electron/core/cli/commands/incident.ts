import type { Command } from 'commander';
import { SEVERITIES, type Incident } from '../../../../shared/incident';
import type { CliIo, GlobalOptions } from '../io';
import { withCore } from '../open-core';

const describe = (i: Incident) =>
  `${i.id}  ${i.severity.padEnd(8)}  ${i.status.padEnd(12)}  ${i.createdAt}  ${i.title}`;

export function addIncidentCommands(program: Command, io: CliIo): void {
  const incident = program.command('incident').description('create and list incidents');

  incident
    .command('create')
    .description('record a new incident (status: reported)')
    .requiredOption('--title <text>', 'short title, as people will say it on the radio')
    .requiredOption('--severity <level>', `one of ${SEVERITIES.join(', ')}`)
    .action(async (options: { title: string; severity: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const created = (await withCore(globals, io, 'cli', (core) =>
        core.call('createIncident', { title: options.title, severity: options.severity }),
      )) as Incident;
      io.stdout(globals.json ? JSON.stringify(created) + '\n' : `created ${describe(created)}\n`);
    });

  incident
    .command('list')
    .description('list incidents, newest first')
    .action(async (_options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const incidents = (await withCore(globals, io, 'cli', (core) =>
        core.call('listIncidents', {}),
      )) as Incident[];
      if (globals.json) io.stdout(JSON.stringify(incidents) + '\n');
      else if (incidents.length === 0) io.stdout('no incidents\n');
      else io.stdout(incidents.map(describe).join('\n') + '\n');
    });
}

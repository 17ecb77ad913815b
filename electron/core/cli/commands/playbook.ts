import { InvalidArgumentError, type Command } from 'commander';
import type {
  PlaybookDetail,
  PlaybookSuggestion,
  PlaybookSummary,
  PlaybookValidation,
} from '../../../../shared/contract';
import { formatIssue, PLAYBOOK_TEXT_MAX } from '../../../../shared/playbook';
import { MusterError } from '../../errors';
import { readCappedFile, writeNewFile } from '../files';
import type { CliIo, GlobalOptions } from '../io';
import { callAndPrint, withCore } from '../open-core';
import { playbookLine, playbookText } from '../run-format';

export const parseVersion = (value: string) => {
  const version = Number(value);
  if (!/^\d+$/.test(value) || version < 1)
    throw new InvalidArgumentError('expected a version number (1, 2, ...)');
  return version;
};

const readPlaybookFile = (file: string) => readCappedFile(file, PLAYBOOK_TEXT_MAX, 'playbook file');

export function addPlaybookCommands(program: Command, io: CliIo): void {
  const playbook = program
    .command('playbook')
    .description('the playbook library: list, show, check, publish and export playbooks');

  playbook
    .command('list')
    .description('the newest version of every playbook in the workspace')
    .action((_o: object, command: Command) =>
      callAndPrint(command, io, 'listPlaybooks', {}, (list: PlaybookSummary[]) =>
        list.map(playbookLine).join('\n'),
      ),
    );

  playbook
    .command('show')
    .description('a playbook: roles, triggers, and every step with its owner, order and deadline')
    .argument('<id>')
    .option('--version <n>', 'this version (default: the newest)', parseVersion)
    .action((id: string, o: { version?: number }, command: Command) =>
      callAndPrint(command, io, 'showPlaybook', { id, version: o.version }, playbookText),
    );

  playbook
    .command('validate')
    .description(
      'check a playbook file (YAML or JSON); each problem is printed with its line, and the exit code is 1',
    )
    .argument('<file>')
    .action(async (file: string, _o: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const text = await readPlaybookFile(file);
      const result = (await withCore(globals, io, 'cli', (core) =>
        core.call('validatePlaybook', { text }),
      )) as PlaybookValidation;
      if (globals.json) io.stdout(`${JSON.stringify(result)}\n`);
      else if (result.ok) {
        const p = result.playbook!;
        io.stdout(`${file}: ok (${p.id} v${p.version}, ${p.steps} steps)\n`);
      } else for (const issue of result.issues) io.stderr(`${formatIssue(issue, file)}\n`);
      if (!result.ok) throw new MusterError('precondition', `${file}: ${result.issues.length} problem(s)`);
    });

  playbook
    .command('import')
    .description(
      'publish a playbook file as a new version for the whole workspace (commanders, administrators)',
    )
    .argument('<file>')
    .action(async (file: string, _o: object, command: Command) =>
      callAndPrint(
        command,
        io,
        'importPlaybook',
        { text: await readPlaybookFile(file) },
        (p: PlaybookDetail) => `published ${p.id} v${p.version}: ${p.title} (${p.steps} steps)`,
      ),
    );

  playbook
    .command('export')
    .description('write a playbook as YAML or JSON, to stdout or a new file')
    .argument('<id>')
    .option('--version <n>', 'this version (default: the newest)', parseVersion)
    .option('--format <format>', 'yaml or json', 'yaml')
    .option('--out <file>', 'write to this file (must not exist yet) instead of stdout')
    .action(async (id: string, o: { version?: number; format: string; out?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const exported = (await withCore(globals, io, 'cli', (core) =>
        core.call('exportPlaybook', { id, version: o.version, format: o.format }),
      )) as { fileName: string; text: string };
      if (!o.out) {
        io.stdout(globals.json ? `${JSON.stringify(exported)}\n` : exported.text);
        return;
      }
      const { bytes } = await writeNewFile(o.out, () => ({ text: exported.text }));
      io.stdout(
        globals.json ? `${JSON.stringify({ out: o.out, bytes })}\n` : `wrote ${o.out} (${bytes} bytes)\n`,
      );
    });

  playbook
    .command('autostart')
    .description('let a playbook start by itself when an incident matches its triggers (administrators)')
    .argument('<id>')
    .option('--on', 'start it by itself')
    .option('--off', 'only suggest it')
    .action((id: string, o: { on?: boolean; off?: boolean }, command: Command) => {
      if (Boolean(o.on) === Boolean(o.off))
        throw new MusterError('invalid_params', 'give exactly one of --on or --off');
      return callAndPrint(
        command,
        io,
        'setPlaybookAutoStart',
        { id, enabled: Boolean(o.on) },
        (p: PlaybookSummary) =>
          p.autoStart ? `${p.id} now starts by itself when its triggers match` : `${p.id} is only suggested`,
      );
    });

  playbook
    .command('suggest')
    .description('playbooks whose triggers match an incident')
    .argument('<incident>')
    .action((id: string, _o: object, command: Command) =>
      callAndPrint(command, io, 'suggestPlaybooks', { id }, (list: PlaybookSuggestion[]) =>
        list.length
          ? list
              .map(
                (s) =>
                  `${s.playbookId} v${s.version}  ${s.title}  (${s.rule})${s.running.length ? `  running: ${s.running.join(', ')}` : ''}`,
              )
              .join('\n')
          : 'no playbook matches this incident',
      ),
    );
}

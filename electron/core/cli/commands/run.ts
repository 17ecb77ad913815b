import { InvalidArgumentError, type Command } from 'commander';
import type { RunSummary } from '../../../../shared/contract';
import type { RunRecord } from '../../../../shared/playbook';
import { MusterError } from '../../errors';
import type { CliIo } from '../io';
import { callAndPrint } from '../open-core';
import { runLine, runText } from '../run-format';
import { parseVersion } from './playbook';

const parseSpeed = (value: string) => {
  const speed = Number(value);
  if (value.trim() === '' || !Number.isFinite(speed)) throw new InvalidArgumentError('expected a number');
  return speed;
};

type StepOptions = {
  start?: boolean;
  done?: boolean;
  skip?: string;
  block?: string;
  approve?: boolean;
  reject?: string | boolean;
  choose?: string;
};

/** Exactly one action per call, so a typo cannot do two things at once. */
function stepAction(o: StepOptions): { action: string; reason?: string; option?: string } {
  const given = Object.entries(o).filter(([, v]) => v !== undefined && v !== false);
  if (given.length !== 1) {
    throw new MusterError(
      'invalid_params',
      'give exactly one of --start, --done, --skip REASON, --block REASON, --approve, --reject [REASON], --choose OPTION',
    );
  }
  const [name, value] = given[0]!;
  if (name === 'choose') return { action: 'choose', option: value as string };
  if (typeof value === 'string') return { action: name, reason: value };
  return { action: name };
}

export function addRunCommands(program: Command, io: CliIo): void {
  const run = program.command('run').description('playbook runs on incidents: start, follow, act on steps');

  run
    .command('start')
    .description('start a playbook on an incident (several runs per incident are allowed)')
    .argument('<incident>')
    .argument('<playbook>')
    .option('--version <n>', 'this version of the playbook (default: the newest)', parseVersion)
    .option('--exercise', 'run it as an exercise: marked EXERCISE, kept apart, purgeable')
    .option('--speed <n>', 'exercise clock speed, e.g. 60 = one hour per minute', parseSpeed)
    .option('--time-zone <zone>', "IANA time zone for calendar-day deadlines (default: this machine's)")
    .action(
      (
        incidentId: string,
        playbook: string,
        o: { version?: number; exercise?: boolean; speed?: number; timeZone?: string },
        command: Command,
      ) => {
        if (o.speed !== undefined && !o.exercise)
          throw new MusterError('invalid_params', '--speed needs --exercise');
        return callAndPrint(
          command,
          io,
          'startRun',
          {
            incidentId,
            playbook: { id: playbook, version: o.version },
            exercise: o.exercise ? { speed: o.speed ?? 1 } : undefined,
            timeZone: o.timeZone,
          },
          (r: RunRecord) => `started ${runText(r)}`,
        );
      },
    );

  run
    .command('list')
    .description('runs, oldest first')
    .option('--incident <id>', 'only the runs of this incident')
    .option('--active', 'only runs still under way')
    .action((o: { incident?: string; active?: boolean }, command: Command) =>
      callAndPrint(
        command,
        io,
        'listRuns',
        { incidentId: o.incident, active: o.active },
        (list: RunSummary[]) => (list.length ? list.map(runLine).join('\n') : 'no runs'),
      ),
    );

  run
    .command('show')
    .description('a run: every step with its state, due time and owner; conflicts; notifications')
    .argument('<run>')
    .action((runId: string, _o: object, command: Command) =>
      callAndPrint(command, io, 'showRun', { runId }, runText),
    );

  run
    .command('step')
    .description('act on one step of a run')
    .argument('<run>')
    .argument('<step>')
    .option('--start', 'acknowledge the step and start on it')
    .option('--done', 'the step is done')
    .option('--skip <reason>', 'skip the step, saying why')
    .option('--block <reason>', 'the step cannot go on, saying why')
    .option('--approve', 'approve (approval steps)')
    .option('--reject [reason]', 'reject (approval steps)')
    .option('--choose <option>', 'choose an option (decision steps)')
    .action((runId: string, stepId: string, o: StepOptions, command: Command) =>
      callAndPrint(command, io, 'changeRunStep', { runId, stepId, ...stepAction(o) }, (r: RunRecord) => {
        const step = r.steps.find((s) => s.id === stepId)!;
        return `${step.title}: ${step.state}${step.choice ? ` (${step.choice})` : ''} · run ${r.counts.finished}/${r.counts.steps} finished`;
      }),
    );

  run
    .command('stop')
    .description('stop a run, including one a trigger started (commanders): the manual override')
    .argument('<run>')
    .requiredOption('--reason <text>', 'why it is stopped')
    .action((runId: string, o: { reason: string }, command: Command) =>
      callAndPrint(
        command,
        io,
        'stopRun',
        { runId, reason: o.reason },
        (r: RunRecord) => `stopped run ${r.runId}`,
      ),
    );

  run
    .command('resolve')
    .description('settle a step whose outcomes conflict by choosing one (commanders)')
    .argument('<run>')
    .argument('<step>')
    .requiredOption('--choose <event>', 'the event id of the outcome to keep')
    .option('--note <text>', 'why')
    .action((runId: string, stepId: string, o: { choose: string; note?: string }, command: Command) =>
      callAndPrint(
        command,
        io,
        'resolveRunConflict',
        { runId, stepId, chosenEventId: o.choose, note: o.note },
        (r: RunRecord) => `${stepId}: ${r.steps.find((s) => s.id === stepId)!.state}`,
      ),
    );

  program
    .command('exercise')
    .description('exercises run on playbooks')
    .command('purge')
    .description('remove every exercise run, here and (once they sync) on every other copy')
    .action((_o: object, command: Command) =>
      callAndPrint(command, io, 'purgeExercises', {}, ({ purged }: { purged: string[] }) =>
        purged.length ? `purged ${purged.length} exercise run(s)` : 'no exercise runs to purge',
      ),
    );
}

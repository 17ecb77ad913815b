import { open, unlink, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { MemberSummary, WhoAmI } from '../../../../shared/contract';
import { ROLES, workspacePublicSchema } from '../../../../shared/identity';
import { MusterError } from '../../errors';
import { ENROLMENT_BUNDLE_MAX_BYTES } from '../../identity/bundle';
import { readCappedFile } from '../files';
import type { CliIo, GlobalOptions } from '../io';
import { callAndPrint, withCore } from '../open-core';

const describeMe = (me: WhoAmI) =>
  `${me.member.user} (${me.member.role}, ${me.member.department}) in workspace "${me.workspace.name}" [${me.workspace.id}]`;

export function addWorkspaceCommands(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('create a workspace in this data folder; you become its first administrator')
    .requiredOption('--workspace <name>', 'workspace name, e.g. "City of Riverton"')
    .requiredOption('--department <id>', 'your department: police, traffic, energy or it')
    .requiredOption('--user <name>', 'your name as colleagues know it')
    .action((options: { workspace: string; department: string; user: string }, command: Command) =>
      callAndPrint(
        command,
        io,
        'initWorkspace',
        options,
        (me: WhoAmI) => `created workspace: ${describeMe(me)}`,
      ),
    );

  program
    .command('invite')
    .description('administrators: write an enrolment bundle for a new member (hand it over like a password)')
    .requiredOption('--department <id>', "the member's department")
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--user <name>', "the member's name")
    .requiredOption('--out <file>', 'where to write the bundle (must not exist yet)')
    .action(
      async (options: { department: string; role: string; user: string; out: string }, command: Command) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const { out, ...params } = options;
        // Claim the file first: a member must not be certified with nowhere to put their bundle.
        const file = await open(out, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
          throw new MusterError(
            'precondition',
            `cannot write ${out}: ${error.code === 'EEXIST' ? 'it already exists' : error.code}`,
          );
        });
        try {
          const { memberId, bundle } = (await withCore(globals, io, 'cli', (core) =>
            core.call('inviteMember', params),
          )) as { memberId: string; bundle: string };
          await file.writeFile(bundle);
          // The bundle holds a private key: it goes to the file only, never to stdout.
          io.stdout(
            globals.json
              ? `${JSON.stringify({ memberId, out })}\n`
              : `wrote enrolment bundle for ${params.user} to ${out}; hand it over like a password\n`,
          );
        } catch (error) {
          await file.close();
          await unlink(out);
          throw error;
        }
        await file.close();
      },
    );

  program
    .command('join')
    .description('enrol this (empty) data folder as the member an enrolment bundle names')
    .argument('<file>', 'the enrolment bundle')
    .action(async (file: string, _options: object, command: Command) => {
      const bundle = await readCappedFile(file, ENROLMENT_BUNDLE_MAX_BYTES, 'enrolment bundle');
      await callAndPrint(
        command,
        io,
        'joinWorkspace',
        { bundle },
        (me: WhoAmI) => `joined: ${describeMe(me)}`,
      );
    });

  program
    .command('whoami')
    .description("this data folder's member, department, role and workspace")
    .action((_options: object, command: Command) =>
      callAndPrint(command, io, 'whoAmI', {}, (me: WhoAmI | null) =>
        me ? describeMe(me) : 'no workspace here yet: run muster init or muster join FILE',
      ),
    );

  program
    .command('department')
    .description('workspace departments')
    .command('add')
    .description('administrators: add a department beyond police, traffic, energy and it')
    .requiredOption('--id <slug>', 'short lowercase id, e.g. water')
    .requiredOption('--name <name>', 'display name, e.g. "Water utility"')
    .requiredOption('--colour <#rrggbb>', 'badge colour, e.g. #0e7490')
    .action((options: { id: string; name: string; colour: string }, command: Command) =>
      callAndPrint(command, io, 'addDepartment', options, (me: WhoAmI) =>
        me.workspace.departments.map((d) => `${d.id.padEnd(10)}  ${d.colour}  ${d.name}`).join('\n'),
      ),
    );

  const describeMembers = (members: MemberSummary[]) =>
    members
      .map(
        (m) =>
          `${m.memberId}  ${m.department.padEnd(8)}  ${m.role.padEnd(9)}  ${m.user}${m.revoked ? '  (revoked)' : ''}`,
      )
      .join('\n');
  const member = program.command('member').description('workspace members');
  member
    .command('list')
    .description('members by department')
    .action((_options: object, command: Command) =>
      callAndPrint(command, io, 'listMembers', {}, describeMembers),
    );
  member
    .command('revoke')
    .description('administrators: withdraw a member; hubs refuse them once this reaches them')
    .requiredOption('--member <id>', 'the member id (see member list)')
    .requiredOption('--reason <text>', 'why, for the record')
    .action((options: { member: string; reason: string }, command: Command) =>
      callAndPrint(
        command,
        io,
        'revokeMember',
        { memberId: options.member, reason: options.reason },
        describeMembers,
      ),
    );

  program
    .command('workspace')
    .description("the workspace's public identity")
    .command('public')
    .description('write what a hub needs to serve this workspace (no secrets)')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (options: { out: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const me = (await withCore(globals, io, 'cli', (core) => core.call('whoAmI', {}))) as WhoAmI | null;
      if (!me) throw new MusterError('precondition', 'no workspace in this data folder');
      const identity = workspacePublicSchema.parse({
        id: me.workspace.id,
        name: me.workspace.name,
        publicKey: me.workspace.publicKey,
        departments: me.workspace.departments,
      });
      await writeFile(options.out, `${JSON.stringify(identity, null, 2)}\n`);
      io.stdout(globals.json ? `${JSON.stringify({ file: options.out })}\n` : `wrote ${options.out}\n`);
    });
}

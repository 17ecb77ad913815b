import { describe, expect, it } from 'vitest';
import {
  checkPlaybook,
  formatIssue,
  formatPath,
  parsePlaybook,
  PLAYBOOK_TEXT_MAX,
  prerequisites,
  structuralIssues,
  templateSchema,
  type PlaybookIssue,
  type PlaybookParse,
} from '../../../shared/playbook';
import { DEPARTMENTS, template } from './helpers';

const options = { departments: DEPARTMENTS };

/** Lines joined with newlines, so that a test can count them. */
const lines = (...text: string[]) => text.join('\n') + '\n';

const issuesOf = (result: PlaybookParse): PlaybookIssue[] => {
  if (result.ok) throw new Error('expected the playbook to be refused');
  return result.issues;
};

const VALID = lines(
  'id: signals',
  'version: 2',
  'title: Dark traffic signals',
  'acknowledge: PT10M',
  'triggers:',
  '  - incident: { categories: [Infra], minSeverity: moderate, keywords: [substation] }',
  'roles:',
  '  - { role: operations, department: traffic }',
  'steps:',
  '  - id: assess',
  '    title: Assess the outage',
  '    owner: { department: energy }',
  '    due: { within: PT30M, from: activation }',
  '  - id: restore',
  '    title: Choose the restoration path',
  '    kind: decision',
  '    after: [assess]',
  '    owner: { department: energy, role: operations }',
  '    options:',
  '      - { id: quick, label: Switch feeders, opens: [switch] }',
  '      - { id: long, label: Repair }',
  '  - id: switch',
  '    title: Switch feeders',
  '    owner: { department: energy }',
  'injects:',
  '  - { at: PT30M, title: Caller reports smoke }',
);

describe('templateSchema', () => {
  it('fills in defaults', () => {
    const tpl = templateSchema.parse({
      id: 'p',
      version: 1,
      title: 'P',
      steps: [
        { id: 'a', title: 'A', owner: { department: 'it' }, due: { within: 'PT1H' } },
        {
          id: 'd',
          title: 'D',
          kind: 'decision',
          owner: { role: 'planning' },
          options: [
            { id: 'x', label: 'X' },
            { id: 'y', label: 'Y', opens: ['a'] },
          ],
        },
      ],
    });
    expect(tpl).toEqual({
      id: 'p',
      version: 1,
      title: 'P',
      description: '',
      triggers: [],
      roles: [],
      injects: [],
      steps: [
        {
          id: 'a',
          title: 'A',
          instructions: '',
          kind: 'task',
          owner: { department: 'it' },
          raci: { consulted: [], informed: [] },
          after: [],
          due: { within: 'PT1H', from: 'ready' },
        },
        {
          id: 'd',
          title: 'D',
          instructions: '',
          kind: 'decision',
          owner: { role: 'planning' },
          raci: { consulted: [], informed: [] },
          after: [],
          options: [
            { id: 'x', label: 'X', opens: [] },
            { id: 'y', label: 'Y', opens: ['a'] },
          ],
        },
      ],
    });
  });

  it('ties each kind of step to the field it needs, and only to it', () => {
    const result = checkPlaybook({
      id: 'p',
      version: 1,
      title: 'P',
      steps: [
        { id: 'd', title: 'D', kind: 'decision', owner: { department: 'it' } },
        {
          id: 't',
          title: 'T',
          owner: {},
          options: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
        },
        { id: 'w', title: 'W', kind: 'wait', owner: { department: 'it' } },
        { id: 'n', title: 'N', kind: 'notify', owner: { department: 'it' } },
        { id: 'p', title: 'P', kind: 'approval', owner: { department: 'it' }, due: { within: '15M' } },
        {
          id: 'Bad_Id',
          title: 'B',
          kind: 'decision',
          owner: { role: 'mayor' },
          options: [{ id: 'a', label: 'A' }],
        },
      ],
    });
    expect(issuesOf(result).map((i) => [i.path, i.message])).toEqual([
      ['steps[0].options', 'a decision step needs options'],
      ['steps[1].owner', 'name a department, a role or both'],
      ['steps[1].options', 'only a decision step has options'],
      ['steps[2].wait', 'a wait step needs wait'],
      ['steps[3].notify', 'a notify step needs notify'],
      ['steps[4].due.within', 'must be an ISO 8601 duration such as PT15M, PT2H or P1D'],
      ['steps[4].approval', expect.stringContaining('approval step needs approval')],
      ['steps[5].id', 'step id must be a lowercase slug (a-z, 0-9, -), at most 64'],
      ['steps[5].owner.role', expect.stringMatching(/^unknown ICS role; the roles are incident-commander, /)],
      ['steps[5].options', 'a decision needs at least two options'],
    ]);
    expect(issuesOf(result).every((i) => i.line === 0 && i.column === 0)).toBe(true);
  });

  it('refuses a playbook without steps, and a version that is not a whole number from 1', () => {
    for (const [data, path, message] of [
      [{ id: 'p', version: 1, title: 'P', steps: [] }, 'steps', 'a playbook needs at least one step'],
      [
        { id: 'p', version: 0, title: 'P', steps: [{ id: 'a', title: 'A', owner: { department: 'it' } }] },
        'version',
        'version must be at least 1',
      ],
      [
        { id: 'p', version: 1.5, title: 'P', steps: [{ id: 'a', title: 'A', owner: { department: 'it' } }] },
        'version',
        'version must be a whole number',
      ],
    ] as const) {
      expect(issuesOf(checkPlaybook(data))).toEqual([{ path, line: 0, column: 0, message }]);
    }
  });
});

describe('parsePlaybook', () => {
  it('reads a valid YAML playbook', () => {
    const result = parsePlaybook(VALID, options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.template).toMatchObject({ id: 'signals', version: 2, acknowledge: 'PT10M' });
    expect(result.template.steps.map((s) => [s.id, s.kind, s.after])).toEqual([
      ['assess', 'task', []],
      ['restore', 'decision', ['assess']],
      ['switch', 'task', []],
    ]);
    expect(result.template.injects).toEqual([{ at: 'PT30M', title: 'Caller reports smoke', text: '' }]);
  });

  it('reports a cycle, an unknown step, an unknown department and a duplicate id, each at its line', () => {
    const text = lines(
      'id: demo', // 1
      'version: 1', // 2
      'title: Demo', // 3
      'steps:', // 4
      '  - id: a', // 5
      '    title: A', // 6
      '    owner: { department: energy }', // 7
      '  - id: c1', // 8
      '    title: C1', // 9
      '    owner: { department: traffic }', // 10
      '    after: [c2]', // 11
      '  - id: c2', // 12
      '    title: C2', // 13
      '    owner: { department: fire }', // 14
      '    after:', // 15
      '      - c1', // 16
      '  - id: x', // 17
      '    title: X', // 18
      '    owner: { department: police }', // 19
      '    after: [a, nope]', // 20
      '  - id: a', // 21
      '    title: A again', // 22
      '    owner: { department: it }', // 23
    );
    expect(issuesOf(parsePlaybook(text, options))).toEqual([
      { path: 'steps[4].id', line: 21, column: 9, message: 'duplicate step id "a" (also steps[0])' },
      { path: 'steps[3].after[1]', line: 20, column: 16, message: 'unknown step "nope"' },
      {
        path: 'steps[1].after',
        line: 11,
        column: 12,
        message: 'dependency cycle: c1 -> c2 -> c1 (each step comes after the next)',
      },
      {
        path: 'steps[2].owner.department',
        line: 14,
        column: 26,
        message: 'unknown department "fire"; the workspace has police, traffic, energy, it',
      },
    ]);
    // Departments are checked only against a known list.
    expect(issuesOf(parsePlaybook(text)).map((i) => i.path)).toEqual([
      'steps[4].id',
      'steps[3].after[1]',
      'steps[1].after',
    ]);
  });

  it('reports each cycle once, at its first step in file order', () => {
    const text = lines(
      'id: demo', // 1
      'version: 1', // 2
      'title: Demo', // 3
      'steps:', // 4
      '  - { id: a, title: A, owner: { department: it }, after: [c] }', // 5
      '  - { id: b, title: B, owner: { department: it }, after: [a] }', // 6
      '  - { id: c, title: C, owner: { department: it }, after: [b] }', // 7
      '  - { id: d, title: D, owner: { department: it }, after: [d] }', // 8
    );
    expect(issuesOf(parsePlaybook(text)).map((i) => [i.line, i.message])).toEqual([
      [8, 'a step cannot come after itself'],
      [5, 'dependency cycle: a -> c -> b -> a (each step comes after the next)'],
      [8, 'dependency cycle: d -> d (each step comes after the next)'],
    ]);
  });

  it('reports unknown fields at the line of their key', () => {
    const text = lines(
      'id: demo', // 1
      'version: 1', // 2
      'title: Demo', // 3
      'colour: red', // 4
      'steps:', // 5
      '  - id: a', // 6
      '    title: A', // 7
      '    owner: { department: energy, team: night }', // 8
      '    shade: 1', // 9
    );
    expect(issuesOf(parsePlaybook(text))).toEqual([
      { path: 'steps[0].owner.team', line: 8, column: 34, message: 'unknown field "team"' },
      { path: 'steps[0].shade', line: 9, column: 5, message: 'unknown field "shade"' },
      { path: 'colour', line: 4, column: 1, message: 'unknown field "colour"' },
    ]);
  });

  it('reports a bad value at the value, and a missing field at the nearest thing that is there', () => {
    const text = lines(
      'id: demo', // 1
      'version: 1', // 2
      'title: Demo', // 3
      'steps:', // 4
      '  - id: a', // 5
      '    owner: { department: energy }', // 6
      '    due: { within: soon }', // 7
    );
    expect(issuesOf(parsePlaybook(text))).toEqual([
      { path: 'steps[0].title', line: 5, column: 5, message: 'step title must be text' },
      {
        path: 'steps[0].due.within',
        line: 7,
        column: 20,
        message: 'must be an ISO 8601 duration such as PT15M, PT2H or P1D',
      },
    ]);
  });

  it('refuses YAML syntax errors and duplicate keys, at their line', () => {
    expect(issuesOf(parsePlaybook(lines('id: demo', 'version: 1', 'steps: [a, b')))).toEqual([
      { path: '', line: 4, column: 1, message: expect.stringContaining('Flow sequence') },
    ]);
    expect(issuesOf(parsePlaybook(lines('id: demo', 'version: 1', 'id: other')))).toEqual([
      { path: '', line: 3, column: 1, message: 'Map keys must be unique' },
    ]);
    const [tab] = issuesOf(parsePlaybook(lines('id: demo', 'steps:', '\t- id: a')));
    expect(tab).toMatchObject({ path: '', line: 3 });
  });

  it('refuses an empty file, a file of comments, and a file that is not a map', () => {
    for (const text of ['', '\n\n', '# nothing yet\n', '---\n']) {
      expect(issuesOf(parsePlaybook(text))).toEqual([
        { path: '', line: 0, column: 0, message: 'the file is empty' },
      ]);
    }
    expect(issuesOf(parsePlaybook('just text\n'))).toEqual([
      { path: '', line: 1, column: 1, message: expect.any(String) },
    ]);
    expect(issuesOf(parsePlaybook('- a\n- b\n'))[0]).toMatchObject({ path: '', line: 1 });
  });

  it('refuses a file larger than 1 MiB without parsing it, and reads one of exactly 1 MiB', () => {
    const padded = VALID + '#'.repeat(PLAYBOOK_TEXT_MAX - VALID.length);
    expect(padded.length).toBe(PLAYBOOK_TEXT_MAX);
    expect(parsePlaybook(padded).ok).toBe(true);
    expect(issuesOf(parsePlaybook(padded + '#'))).toEqual([
      { path: '', line: 0, column: 0, message: 'the file is larger than 1 MiB' },
    ]);
    // Not even a syntax error is looked for.
    expect(issuesOf(parsePlaybook('[' + 'x'.repeat(PLAYBOOK_TEXT_MAX)))[0]!.message).toBe(
      'the file is larger than 1 MiB',
    );
  });

  it('refuses a YAML alias bomb, and takes a few aliases', () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      bomb.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(issuesOf(parsePlaybook(lines(...bomb)))).toEqual([
      { path: '', line: 1, column: 1, message: expect.stringContaining('alias') },
    ]);

    const aliased = lines(
      'id: demo',
      'version: 1',
      'title: Demo',
      'steps:',
      '  - { id: a, title: A, owner: &energy { department: energy } }',
      '  - { id: b, title: B, owner: *energy, after: [a] }',
    );
    const result = parsePlaybook(aliased, options);
    expect(result.ok && result.template.steps[1]!.owner).toEqual({ department: 'energy' });
  });

  it('reads JSON text with the same checks and positions', () => {
    const data = {
      id: 'demo',
      version: 1,
      title: 'Demo',
      steps: [{ id: 'a', title: 'A', owner: { department: 'energy' } }],
    };
    const ok = parsePlaybook(JSON.stringify(data), options);
    expect(ok.ok && ok.template.steps[0]!.kind).toBe('task');

    const text = JSON.stringify(
      { ...data, steps: [{ ...data.steps[0], after: ['ghost'], color: 'red' }] },
      null,
      2,
    );
    const at = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(issuesOf(parsePlaybook(text, options))).toEqual([
      { path: 'steps[0].color', line: at('"color"'), column: 7, message: 'unknown field "color"' },
    ]);
    const unknownRef = JSON.stringify({ ...data, steps: [{ ...data.steps[0], after: ['ghost'] }] }, null, 2);
    const [issue] = issuesOf(parsePlaybook(unknownRef, options));
    expect(issue).toMatchObject({
      path: 'steps[0].after[0]',
      line: unknownRef.split('\n').findIndex((l) => l.includes('"ghost"')) + 1,
      message: 'unknown step "ghost"',
    });
    expect(issuesOf(parsePlaybook('{"id": "demo",', options))[0]).toMatchObject({ path: '', line: 1 });
  });
});

describe('checkPlaybook', () => {
  it('passes a valid object and gives back the checked template', () => {
    const data = {
      id: 'demo',
      version: 3,
      title: 'Demo',
      steps: [
        { id: 'a', title: 'A', owner: { department: 'energy' } },
        { id: 'b', title: 'B', kind: 'wait', wait: 'PT10M', owner: { department: 'it' }, after: ['a'] },
      ],
    };
    const result = checkPlaybook(data, options);
    expect(result).toEqual({ ok: true, template: templateSchema.parse(data) });
  });

  it('reports structural problems without positions', () => {
    const result = checkPlaybook(
      {
        id: 'demo',
        version: 1,
        title: 'Demo',
        steps: [{ id: 'a', title: 'A', owner: { department: 'fire' }, after: ['zz'] }],
      },
      options,
    );
    expect(issuesOf(result)).toEqual([
      { path: 'steps[0].after[0]', line: 0, column: 0, message: 'unknown step "zz"' },
      {
        path: 'steps[0].owner.department',
        line: 0,
        column: 0,
        message: 'unknown department "fire"; the workspace has police, traffic, energy, it',
      },
    ]);
  });

  it('refuses what is not a template at all', () => {
    for (const data of [null, 42, 'text', [], {}]) expect(checkPlaybook(data).ok).toBe(false);
  });
});

describe('structuralIssues', () => {
  const step = (id: string, extra: object = {}) => ({
    id,
    title: id.toUpperCase(),
    owner: { department: 'it' },
    ...extra,
  });

  it('finds a cycle made by a decision opening a step it comes after', () => {
    const tpl = template({
      steps: [
        step('prep'),
        step('gate', {
          kind: 'decision',
          after: ['prep'],
          options: [
            { id: 'go', label: 'Go', opens: ['prep'] },
            { id: 'stop', label: 'Stop' },
          ],
        }),
      ],
    });
    expect(structuralIssues(tpl)).toEqual([
      'steps[0].after: dependency cycle: prep -> gate -> prep (each step comes after the next)',
    ]);
    // What each step waits for: its own `after`, and the decisions that open it.
    expect(prerequisites(tpl.steps)).toEqual(
      new Map([
        ['prep', ['gate']],
        ['gate', ['prep']],
      ]),
    );
  });

  it('finds self-references, unknown and duplicate references, and roles listed twice', () => {
    const tpl = template({
      roles: [
        { role: 'safety', department: 'energy' },
        { role: 'safety', department: 'it' },
      ],
      steps: [
        step('a'),
        step('d', {
          kind: 'decision',
          options: [
            { id: 'x', label: 'X', opens: ['d', 'ghost'] },
            { id: 'x', label: 'X again' },
          ],
        }),
      ],
    });
    expect(structuralIssues(tpl)).toEqual([
      'steps[1].options[0].opens[0]: a decision cannot open itself',
      'steps[1].options[0].opens[1]: unknown step "ghost"',
      'steps[1].options[1].id: duplicate option id "x"',
      'roles[1].role: role safety is listed twice',
      'steps[1].after: dependency cycle: d -> d (each step comes after the next)',
    ]);
  });

  it('checks every place a department is named, when it knows the departments', () => {
    const tpl = template({
      roles: [{ role: 'liaison', department: 'parks' }],
      steps: [
        step('a', {
          owner: { department: 'fire' },
          raci: {
            accountable: { department: 'mayor' },
            consulted: [{ department: 'water' }],
            informed: [{ role: 'safety' }, { department: 'press' }],
          },
        }),
        step('n', { kind: 'notify', notify: { departments: ['police', 'schools'], message: 'm' } }),
      ],
      injects: [{ at: 'PT5M', title: 'Call', from: 'zoo' }],
    });
    expect(structuralIssues(tpl, options).map((i) => i.split(':')[0])).toEqual([
      'roles[0].department',
      'steps[0].owner.department',
      'steps[0].raci.accountable.department',
      'steps[0].raci.consulted[0].department',
      'steps[0].raci.informed[1].department',
      'steps[1].notify.departments[1]',
      'injects[0].from',
    ]);
    expect(structuralIssues(tpl)).toEqual([]);
  });

  it('passes a valid template', () => {
    expect(structuralIssues(template({ steps: [step('a'), step('b', { after: ['a'] })] }), options)).toEqual(
      [],
    );
  });
});

describe('formatting issues', () => {
  it('prints file, line and column, then the path and the message', () => {
    const issue = { path: 'steps[0].id', line: 3, column: 9, message: 'duplicate step id "a"' };
    expect(formatIssue(issue, 'playbooks/outage.yaml')).toBe(
      'playbooks/outage.yaml:3:9: steps[0].id: duplicate step id "a"',
    );
    expect(formatIssue({ path: '', line: 0, column: 0, message: 'the file is empty' })).toBe(
      'playbook: the file is empty',
    );
    expect(formatPath(['steps', 3, 'after', 0])).toBe('steps[3].after[0]');
    expect(formatPath([])).toBe('');
  });
});

/**
 * Reading a playbook file: YAML or JSON text (JSON is read by the same YAML 1.2 parser) into a
 * checked template, or a list of problems each naming its line and column, so an author can fix
 * them all in one pass. The checks that need the whole template live here too: unique ids, known
 * step references, no dependency cycle, known departments.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { templateSchema, type PlaybookTemplate, type Step } from './template';

/** Templates are small; a bigger file is a mistake or an attack on the parser. */
export const PLAYBOOK_TEXT_MAX = 1024 * 1024;
/** YAML aliases can multiply a small file into a huge value ("billion laughs"); templates need few. */
const MAX_ALIASES = 50;

export type PlaybookIssue = {
  /** Where in the template, e.g. `steps[3].after[0]`; empty for the whole file. */
  path: string;
  /** 1-based; 0 when the problem has no place in the text (the file is empty). */
  line: number;
  column: number;
  message: string;
};

export type PlaybookParse = { ok: true; template: PlaybookTemplate } | { ok: false; issues: PlaybookIssue[] };

type Path = ReadonlyArray<string | number>;
type PathIssue = { path: Path; message: string; key?: string };

export function formatPath(path: Path): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
}

/** One line per problem: `file:line:column: path: message`. */
export function formatIssue(issue: PlaybookIssue, file = 'playbook'): string {
  const where = issue.line > 0 ? `${file}:${issue.line}:${issue.column}` : file;
  return `${where}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

export type ValidateOptions = {
  /** The workspace's department ids; without it departments are not checked. */
  departments?: readonly string[];
};

/** Parses and checks a playbook file's text. */
export function parsePlaybook(text: string, options: ValidateOptions = {}): PlaybookParse {
  if (text.length > PLAYBOOK_TEXT_MAX) {
    return {
      ok: false,
      issues: [{ path: '', line: 0, column: 0, message: 'the file is larger than 1 MiB' }],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return { path: '', line: at.line, column: at.col, message: error.message.split('\n')[0]! };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return { ok: false, issues: [{ path: '', line: 1, column: 1, message: (error as Error).message }] };
  }
  if (data === null || data === undefined) {
    return { ok: false, issues: [{ path: '', line: 0, column: 0, message: 'the file is empty' }] };
  }
  const locate = (issue: PathIssue): PlaybookIssue => {
    const offset = offsetOf(doc, issue.path, issue.key);
    const at = offset === null ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    return { path: formatPath(issue.path), line: at.line, column: at.col, message: issue.message };
  };
  const checked = check(data, options);
  return 'template' in checked
    ? { ok: true, template: checked.template }
    : { ok: false, issues: checked.map(locate) };
}

/** Checks a template that is already a value (from a signed event, say); issues have no line. */
export function checkPlaybook(data: unknown, options: ValidateOptions = {}): PlaybookParse {
  const checked = check(data, options);
  if ('template' in checked) return { ok: true, template: checked.template };
  return {
    ok: false,
    issues: checked.map((i) => ({ path: formatPath(i.path), line: 0, column: 0, message: i.message })),
  };
}

function check(data: unknown, options: ValidateOptions): { template: PlaybookTemplate } | PathIssue[] {
  const parsed = templateSchema.safeParse(data);
  if (!parsed.success) return fromZod(parsed.error);
  const issues = checkStructure(parsed.data, options);
  return issues.length === 0 ? { template: parsed.data } : issues;
}

function fromZod(error: z.ZodError): PathIssue[] {
  return error.issues.flatMap((issue): PathIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], key, message: `unknown field "${key}"` }));
    }
    return [{ path, message: issue.message }];
  });
}

/** The checks that need the whole template, for a template that passed the schema. */
export function structuralIssues(template: PlaybookTemplate, options: ValidateOptions = {}): string[] {
  return checkStructure(template, options).map((i) => `${formatPath(i.path)}: ${i.message}`);
}

function checkStructure(template: PlaybookTemplate, options: ValidateOptions): PathIssue[] {
  const issues: PathIssue[] = [];
  const index = new Map<string, number>();
  template.steps.forEach((step, i) => {
    if (index.has(step.id)) {
      issues.push({
        path: ['steps', i, 'id'],
        message: `duplicate step id "${step.id}" (also steps[${index.get(step.id)}])`,
      });
    } else index.set(step.id, i);
  });

  template.steps.forEach((step, i) => {
    step.after.forEach((ref, j) => {
      if (!index.has(ref)) issues.push({ path: ['steps', i, 'after', j], message: `unknown step "${ref}"` });
      else if (ref === step.id)
        issues.push({ path: ['steps', i, 'after', j], message: 'a step cannot come after itself' });
    });
    const optionIds = new Set<string>();
    step.options?.forEach((option, j) => {
      if (optionIds.has(option.id)) {
        issues.push({
          path: ['steps', i, 'options', j, 'id'],
          message: `duplicate option id "${option.id}"`,
        });
      }
      optionIds.add(option.id);
      option.opens.forEach((ref, k) => {
        const path = ['steps', i, 'options', j, 'opens', k];
        if (!index.has(ref)) issues.push({ path, message: `unknown step "${ref}"` });
        else if (ref === step.id) issues.push({ path, message: 'a decision cannot open itself' });
      });
    });
  });

  const seenRoles = new Set<string>();
  template.roles.forEach((role, i) => {
    if (seenRoles.has(role.role))
      issues.push({ path: ['roles', i, 'role'], message: `role ${role.role} is listed twice` });
    seenRoles.add(role.role);
  });

  issues.push(...findCycles(template.steps, index));
  if (options.departments) issues.push(...unknownDepartments(template, new Set(options.departments)));
  return issues;
}

/** What each step waits for: its `after` steps and the decisions that open it. */
export function prerequisites(steps: readonly Step[]): Map<string, string[]> {
  const waits = new Map<string, string[]>();
  for (const step of steps) if (!waits.has(step.id)) waits.set(step.id, [...step.after]);
  for (const step of steps) {
    for (const option of step.options ?? []) {
      for (const opened of option.opens) {
        const list = waits.get(opened);
        if (list && !list.includes(step.id)) list.push(step.id);
      }
    }
  }
  return waits;
}

/** Each dependency cycle once, reported at the first step of the cycle in file order. */
function findCycles(steps: readonly Step[], index: ReadonlyMap<string, number>): PathIssue[] {
  const waits = prerequisites(steps);
  const state = new Map<string, 'visiting' | 'done'>();
  const issues: PathIssue[] = [];
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of waits.get(id) ?? []) {
      if (!index.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        const first = cycle.reduce((a, b) => (index.get(a)! <= index.get(b)! ? a : b));
        const rotated = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first))];
        issues.push({
          path: ['steps', index.get(first)!, 'after'],
          message: `dependency cycle: ${[...rotated, first].join(' -> ')} (each step comes after the next)`,
        });
      } else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const step of steps) if (!state.has(step.id)) visit(step.id);
  return issues;
}

function unknownDepartments(template: PlaybookTemplate, known: ReadonlySet<string>): PathIssue[] {
  const issues: PathIssue[] = [];
  const check = (department: string | undefined, path: Path) => {
    if (department !== undefined && !known.has(department)) {
      issues.push({
        path,
        message: `unknown department "${department}"; the workspace has ${[...known].join(', ')}`,
      });
    }
  };
  template.roles.forEach((role, i) => check(role.department, ['roles', i, 'department']));
  template.steps.forEach((step, i) => {
    check(step.owner.department, ['steps', i, 'owner', 'department']);
    check(step.raci.accountable?.department, ['steps', i, 'raci', 'accountable', 'department']);
    for (const field of ['consulted', 'informed'] as const) {
      step.raci[field].forEach((o, j) => check(o.department, ['steps', i, 'raci', field, j, 'department']));
    }
    step.notify?.departments.forEach((d, j) => check(d, ['steps', i, 'notify', 'departments', j]));
  });
  template.injects.forEach((inject, i) => check(inject.from, ['injects', i, 'from']));
  return issues;
}

/**
 * The text offset of the value at `path` (or of the key `key` in the map there); when the path goes
 * past what the file has (a missing field), the nearest existing parent.
 */
function offsetOf(doc: Document, path: Path, key?: string): number | null {
  const parts = key === undefined ? path : path.slice(0, -1);
  for (let length = parts.length; length >= 0; length--) {
    const node = doc.getIn(parts.slice(0, length), true) as Node | undefined;
    if (node === undefined || node === null || !('range' in node) || !node.range) continue;
    if (key !== undefined && length === parts.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    return node.range[0];
  }
  return null;
}

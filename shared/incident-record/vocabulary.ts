/**
 * The fixed words of an incident record: CAP categories, TLP levels, ICS roles, RACI, link kinds,
 * member roles, and the status lifecycle (DESIGN.md sections 3, 5 and 9).
 */
import { INCIDENT_STATUSES, SEVERITIES, type IncidentStatus, type Severity } from '../incident';

export { INCIDENT_STATUSES, SEVERITIES, type IncidentStatus, type Severity };

/** OASIS CAP 1.2 `<category>` values. */
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export type CapCategory = (typeof CAP_CATEGORIES)[number];

/** Traffic Light Protocol 2.0, from least to most restricted. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];
export const DEFAULT_TLP: TlpLevel = 'GREEN';

/** ICS command and general staff positions, in the order an ICS 201 briefing lists them. */
export const ICS_ROLES = [
  'incident-commander',
  'operations',
  'planning',
  'logistics',
  'finance-admin',
  'public-information',
  'safety',
  'liaison',
] as const;
export type IcsRole = (typeof ICS_ROLES)[number];
export const ICS_ROLE_LABELS: Readonly<Record<IcsRole, string>> = {
  'incident-commander': 'Incident Commander',
  operations: 'Operations Section Chief',
  planning: 'Planning Section Chief',
  logistics: 'Logistics Section Chief',
  'finance-admin': 'Finance/Administration Section Chief',
  'public-information': 'Public Information Officer',
  safety: 'Safety Officer',
  liaison: 'Liaison Officer',
};

export const RACI = ['responsible', 'accountable', 'consulted', 'informed'] as const;
export type RaciLetter = (typeof RACI)[number];

/** How one incident relates to another; `causes`/`caused-by` and `parent-of`/`part-of` are inverse pairs. */
export const LINK_KINDS = ['causes', 'caused-by', 'related', 'duplicates', 'parent-of', 'part-of'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const INVERSE_LINK: Readonly<Record<LinkKind, LinkKind>> = {
  causes: 'caused-by',
  'caused-by': 'causes',
  related: 'related',
  duplicates: 'duplicates',
  'parent-of': 'part-of',
  'part-of': 'parent-of',
};

/** A member's workspace role, from their certificate (DESIGN.md section 5). */
export const MEMBER_ROLES = ['viewer', 'responder', 'commander', 'admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Priority 1 is the most urgent. */
export const PRIORITY_MIN = 1;
export const PRIORITY_MAX = 5;
export const DEFAULT_PRIORITY = 3;

export const NOTE_KINDS = ['note', 'decision'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export const TASK_STATES = ['open', 'acknowledged', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/**
 * The incident lifecycle: reported -> acknowledged -> active -> contained -> resolved -> closed.
 * Besides the forward steps: `active -> resolved` (no containment phase), `acknowledged -> resolved`
 * (false alarm, nothing to do) and `contained -> active` (flare-up). Going back from `resolved` or
 * `closed` is a reopen and must say so (see {@link canTransition}).
 */
export const LIFECYCLE: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  reported: ['acknowledged'],
  acknowledged: ['active', 'resolved'],
  active: ['contained', 'resolved'],
  contained: ['active', 'resolved'],
  resolved: ['closed'],
  closed: [],
};

/** Where a reopen may lead, and from where. */
export const REOPEN_FROM: readonly IncidentStatus[] = ['resolved', 'closed'];
export const REOPEN_TO: readonly IncidentStatus[] = ['acknowledged', 'active'];

/**
 * Whether the lifecycle allows `from -> to`. With `reopen`, only a reopen is allowed
 * (`resolved|closed -> acknowledged|active`); without it, only the steps of {@link LIFECYCLE}.
 * Staying in the same status is never a transition.
 */
export function canTransition(from: IncidentStatus, to: IncidentStatus, reopen = false): boolean {
  if (reopen) return REOPEN_FROM.includes(from) && REOPEN_TO.includes(to);
  return LIFECYCLE[from].includes(to);
}

/** Why `from -> to` is refused, or null when {@link canTransition} allows it. */
export function transitionError(from: IncidentStatus, to: IncidentStatus, reopen = false): string | null {
  if (canTransition(from, to, reopen)) return null;
  if (reopen) {
    if (!REOPEN_FROM.includes(from))
      return `only a resolved or closed incident can be reopened (it is ${from})`;
    return `a reopened incident goes back to ${REOPEN_TO.join(' or ')}, not ${to}`;
  }
  if (from === to) return `the incident is already ${to}`;
  if (REOPEN_FROM.includes(from) && REOPEN_TO.includes(to)) {
    return `${from} -> ${to} is a reopen and must be marked as one`;
  }
  const allowed = LIFECYCLE[from];
  return `invalid status change ${from} -> ${to}; from ${from} the next status is ${
    allowed.length ? allowed.join(' or ') : 'none (reopen it first)'
  }`;
}

/** Task state machine: done and cancelled tasks come back only through a reopen. */
export const TASK_TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  open: ['acknowledged', 'done', 'cancelled'],
  acknowledged: ['done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

export function canTaskTransition(from: TaskState, to: TaskState): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** True when `to` is more severe than `from` (SEVERITIES runs from most to least severe). */
export function isSeverityRaise(from: Severity, to: Severity): boolean {
  return SEVERITIES.indexOf(to) < SEVERITIES.indexOf(from);
}

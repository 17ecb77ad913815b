/**
 * Who may act on a playbook step. The fold refuses events that break these rules and the planner
 * refuses commands that would, from the same functions, so what one copy writes every copy accepts.
 */
import type { IcsRole, MemberInfo, Party, RoleAssignment } from '../incident-record';
import type { Owner, Step } from './template';

export type Acting = { id: string } & MemberInfo;

export const isCommand = (actor: Acting) => actor.role === 'commander' || actor.role === 'admin';

/** Whether `actor` holds ICS `role` on the incident, themselves or through their department. */
export function holdsRole(actor: Acting, role: IcsRole, roles: readonly RoleAssignment[]): boolean {
  const holder: Party | null = roles.find((r) => r.role === role)?.holder ?? null;
  if (!holder) return false;
  return holder.kind === 'member' ? holder.id === actor.id : holder.id === actor.department;
}

/** The owner is a department, an ICS role, or both (either one answers for it). */
export function answersFor(actor: Acting, owner: Owner, roles: readonly RoleAssignment[]): boolean {
  if (owner.department !== undefined && owner.department === actor.department) return true;
  return owner.role !== undefined && holdsRole(actor, owner.role, roles);
}

/** Why `actor` may not take `action` on `step`, or null when they may. */
export function actionRefusal(
  actor: Acting,
  step: Step,
  action: string,
  roles: readonly RoleAssignment[],
): string | null {
  if (actor.role === 'viewer') return 'a viewer cannot act on playbook steps';
  if (action === 'approve' || action === 'reject') {
    const approver = step.approval?.role;
    if (isCommand(actor) || (approver !== undefined && holdsRole(actor, approver, roles))) return null;
    return `only the ${approver ?? 'named approver'} or a commander can ${action} "${step.title}"`;
  }
  if (action === 'skip' && step.kind === 'approval' && !isCommand(actor)) {
    return `only a commander can skip the approval "${step.title}"`;
  }
  if (isCommand(actor)) return null;
  const accountable = step.raci.accountable;
  if (answersFor(actor, step.owner, roles) || (accountable && answersFor(actor, accountable, roles)))
    return null;
  return `"${step.title}" belongs to ${describeOwner(step.owner)}; ${actor.id} (${actor.department}) cannot ${action} it`;
}

export function describeOwner(owner: Owner): string {
  if (owner.department && owner.role) return `${owner.department} (${owner.role})`;
  return owner.department ?? `the ${owner.role}`;
}

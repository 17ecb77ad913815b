/** Parties (a member or a whole department) as the room shows and groups them. */
import type { MemberSummary } from '../../../../shared/contract';
import type { Party } from '../../../../shared/incident-record/payloads';

/** The workspace's members by id. */
export type MemberDirectory = ReadonlyMap<string, MemberSummary>;

/** The department a party belongs to: itself, or the member's; null for a member we do not know. */
export function partyDepartment(party: Party, members: MemberDirectory): string | null {
  if (party.kind === 'department') return party.id;
  return members.get(party.id)?.department ?? null;
}

/** How a holder is chosen in a select: `department:police`, `member:<id>`, or '' for nobody. */
export function partyKey(party: Party | null): string {
  return party ? `${party.kind}:${party.id}` : '';
}

export function partyFromKey(key: string): Party | null {
  const colon = key.indexOf(':');
  if (colon < 0) return null;
  const kind = key.slice(0, colon);
  if (kind !== 'department' && kind !== 'member') return null;
  return { kind, id: key.slice(colon + 1) };
}

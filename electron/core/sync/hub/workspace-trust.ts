/**
 * What a hub knows about one workspace's members, from the directory room it stores: whose
 * certificates are valid (to check the events members write, see write-policy.ts) and who has
 * been revoked. Rebuilt only when the directory changes.
 */
import type { EventEnvelope } from '../../../../shared/events';
import type { WorkspacePublic } from '../../../../shared/identity';
import type { Room } from '../../docs/room-store';
import { createEventVerifier, type Directory, type EventVerdict } from '../../identity/event-signing';
import { buildDirectory, revokedMembers } from '../../workspace/directory';
import type { Certificates } from './write-policy';

export class WorkspaceTrust {
  private events: EventEnvelope[] = [];
  private directory!: Directory;
  private verifier!: (event: unknown) => EventVerdict;
  private senderVerifiers = new Map<string, (event: unknown) => EventVerdict>();
  /** Revoked member id -> reason. */
  revoked = new Map<string, string>();

  constructor(
    private readonly identity: WorkspacePublic,
    private readonly directoryRoom: Room,
  ) {
    this.rebuild();
  }

  /** Call after the directory room changed. */
  rebuild(): void {
    this.events = this.directoryRoom.events();
    this.directory = buildDirectory(this.identity, this.events);
    this.verifier = createEventVerifier(this.directory);
    this.revoked = revokedMembers(this.events, this.directory);
    this.senderVerifiers.clear();
  }

  /**
   * A verifier for events one sender writes: the directory's certificates, the sender's own (from
   * its token: its first events may arrive before its enrolment does) and any certificates the
   * same update carries (`extra`, directory events).
   */
  verifierFor(sender: Certificates, extra: readonly EventEnvelope[]): (event: unknown) => EventVerdict {
    if (extra.length > 0)
      return createEventVerifier(buildDirectory(this.identity, [...this.events, ...extra], sender));
    if (this.directory.devices.has(sender.device.deviceId)) return this.verifier;
    // A device whose enrolment has not reached the directory yet: built once, not per update.
    const key = `${sender.member.sig} ${sender.device.sig}`;
    let verifier = this.senderVerifiers.get(key);
    if (!verifier) {
      verifier = createEventVerifier(buildDirectory(this.identity, this.events, sender));
      this.senderVerifiers.set(key, verifier);
    }
    return verifier;
  }
}

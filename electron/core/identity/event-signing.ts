/**
 * Signing events with the device key, and deciding which received events to trust (DESIGN.md
 * section 5: forged or unsigned events are excluded from state and raised as security alerts).
 *
 * An event is trusted when the whole chain holds: workspace key -> member certificate of the actor
 * -> device certificate of the signing device -> signature over `signingBytes(event)`.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  eventEnvelopeSchema,
  signingBytes,
  type EventEnvelope,
  type UnsignedEvent,
} from '../../../shared/events';
import { tryParse } from '../../../shared/hlc';
import type { DeviceCertificate, MemberCertificate, WorkspacePublic } from '../../../shared/identity';
import { describeIssues } from '../../../shared/validation';
import { verifyDeviceCertificate, verifyMemberCertificate, type Verdict } from './certificates';
import { importPublicKey, sign, verify, type KeyObject } from './keys';

/** The certificates published in the workspace's directory room, as one snapshot. */
export type Directory = {
  workspace: Pick<WorkspacePublic, 'id' | 'publicKey'>;
  /** By member id. */
  members: ReadonlyMap<string, MemberCertificate>;
  /** By device id. */
  devices: ReadonlyMap<string, DeviceCertificate>;
};

export type EventRejection =
  /** Not a valid envelope (shape, clock stamp, or content that has no canonical JSON). */
  | 'malformed_event'
  /** No certificate for the signing device. */
  | 'unknown_device'
  /** The device is certified for another member than the event's actor. */
  | 'device_of_another_member'
  /** No certificate for the actor. */
  | 'unknown_member'
  /** The actor's certificate was issued for another workspace. */
  | 'foreign_member_certificate'
  /** The actor's certificate is malformed or not signed by the workspace key. */
  | 'bad_member_certificate'
  /** The device certificate is malformed or not signed by the actor's member key. */
  | 'bad_device_certificate'
  /** The event claims another department than the actor's certificate gives. */
  | 'department_mismatch'
  /** The signature does not verify with the device key (altered after signing, or forged). */
  | 'bad_signature';

export type EventVerdict = Verdict<EventRejection>;
export type RejectedEvent = { event: unknown; reason: EventRejection; message: string };

/**
 * Signs an event as device `deviceId`. The returned event carries the payload as JSON sees it
 * (a Date becomes its ISO text, undefined fields disappear): exactly what was signed, so the event
 * still verifies after any storage that keeps JSON values (Yjs, SQLite, files).
 */
export function signEvent(
  unsigned: Omit<UnsignedEvent, 'device'> & { device?: string },
  deviceId: string,
  devicePrivateKey: KeyObject,
): EventEnvelope {
  if (unsigned.device !== undefined && unsigned.device !== deviceId)
    throw new Error(`event names device ${unsigned.device} but is being signed by ${deviceId}`);
  const event: UnsignedEvent = {
    id: unsigned.id,
    type: unsigned.type,
    hlc: unsigned.hlc,
    actor: unsigned.actor,
    device: deviceId,
    department: unsigned.department,
    payload: asJson(unsigned.payload),
  };
  if (tryParse(event.hlc) === undefined) throw new Error(`event ${event.id} has no valid clock stamp`);
  const signed = { ...event, sig: sign(signingBytes(event), devicePrivateKey) };
  const parsed = eventEnvelopeSchema.safeParse(signed);
  if (!parsed.success)
    throw new Error(`event ${event.id} is not a valid envelope: ${describeIssues(parsed.error)}`);
  return signed;
}

/** Checks one event against the directory. For many events use `partitionVerified`, which is faster. */
export function verifyEvent(event: unknown, directory: Directory): EventVerdict {
  return createEventVerifier(directory)(event);
}

/** Splits events into those the directory vouches for and those it does not, with the reason. */
export function partitionVerified(
  events: Iterable<unknown>,
  directory: Directory,
): { valid: EventEnvelope[]; rejected: RejectedEvent[] } {
  const check = createEventVerifier(directory);
  const valid: EventEnvelope[] = [];
  const rejected: RejectedEvent[] = [];
  for (const event of events) {
    const verdict = check(event);
    if (verdict.ok) valid.push(event as EventEnvelope);
    else rejected.push({ event, reason: verdict.reason, message: verdict.message });
  }
  return { valid, rejected };
}

type ChainCheck = {
  device: DeviceCertificate;
  member: MemberCertificate;
  workspaceKey: string;
  verdict: EventVerdict;
  deviceKey?: KeyObject;
};

/**
 * A verifier for one directory. It remembers each device's certificate-chain verdict and imported
 * key (three signature checks become one per event), and re-checks the chain whenever a device's
 * certificate, its member's certificate or the workspace key is no longer the same object.
 */
export function createEventVerifier(directory: Directory): (event: unknown) => EventVerdict {
  const chains = new Map<string, ChainCheck>();

  const chainOf = (device: DeviceCertificate, member: MemberCertificate): ChainCheck => {
    const known = chains.get(device.deviceId);
    const workspaceKey = directory.workspace.publicKey;
    if (known && known.device === device && known.member === member && known.workspaceKey === workspaceKey)
      return known;
    const check: ChainCheck = {
      device,
      member,
      workspaceKey,
      verdict: checkChain(device, member, directory),
    };
    if (check.verdict.ok) {
      try {
        check.deviceKey = importPublicKey(device.deviceKey);
      } catch {
        // Shaped like a key and signed, but not a key (a non-canonical encoding, say).
        check.verdict = reject('bad_device_certificate', `device ${device.deviceId} has an unusable key`);
      }
    }
    chains.set(device.deviceId, check);
    return check;
  };

  return (input) => {
    const parsed = eventEnvelopeSchema.safeParse(input);
    if (!parsed.success) return reject('malformed_event', `malformed event: ${describeIssues(parsed.error)}`);
    const event = parsed.data;
    if (tryParse(event.hlc) === undefined)
      return reject('malformed_event', `event ${event.id} has an invalid clock stamp`);

    const device = directory.devices.get(event.device);
    if (!device || device.deviceId !== event.device)
      return reject('unknown_device', `event ${event.id} is signed by unknown device ${event.device}`);
    if (device.memberId !== event.actor)
      return reject(
        'device_of_another_member',
        `event ${event.id} claims actor ${event.actor} but device ${event.device} belongs to ${device.memberId}`,
      );
    const member = directory.members.get(event.actor);
    if (!member || member.memberId !== event.actor)
      return reject('unknown_member', `event ${event.id} is by unknown member ${event.actor}`);

    const chain = chainOf(device, member);
    if (!chain.verdict.ok) return reject(chain.verdict.reason, `event ${event.id}: ${chain.verdict.message}`);
    if (event.department !== member.department)
      return reject(
        'department_mismatch',
        `event ${event.id} claims department ${event.department} but ${event.actor} is in ${member.department}`,
      );

    let bytes: Uint8Array;
    try {
      bytes = signingBytes(event);
    } catch {
      // Lone surrogates, circular or absurdly deep payloads: nothing any device could have signed.
      return reject('malformed_event', `event ${event.id} has content without a canonical JSON form`);
    }
    if (!chain.deviceKey || !verifyRemembered(bytes, event.sig, device.deviceKey, chain.deviceKey))
      return reject(
        'bad_signature',
        `event ${event.id} does not carry a valid signature of device ${event.device}`,
      );
    return { ok: true };
  };
}

/**
 * Signatures this process has already found valid. Every incident command refolds its room, and
 * re-verifying every event's Ed25519 signature was half of each command's time. An entry binds the
 * key, the signature and a digest of the exact signed bytes, so it answers only the same check.
 */
const verifiedSignatures = new Set<string>();
const MAX_REMEMBERED_SIGNATURES = 200_000;

function verifyRemembered(bytes: Uint8Array, signature: string, keyText: string, key: KeyObject): boolean {
  const entry = `${keyText} ${signature} ${createHash('sha256').update(bytes).digest('base64url')}`;
  if (verifiedSignatures.has(entry)) return true;
  if (!verify(bytes, signature, key)) return false;
  if (verifiedSignatures.size >= MAX_REMEMBERED_SIGNATURES) verifiedSignatures.clear();
  verifiedSignatures.add(entry);
  return true;
}

function checkChain(
  device: DeviceCertificate,
  member: MemberCertificate,
  directory: Directory,
): EventVerdict {
  const memberVerdict = verifyMemberCertificate(member, directory.workspace);
  if (!memberVerdict.ok)
    return reject(
      memberVerdict.reason === 'wrong_workspace' ? 'foreign_member_certificate' : 'bad_member_certificate',
      memberVerdict.message,
    );
  const deviceVerdict = verifyDeviceCertificate(device, member);
  if (!deviceVerdict.ok) return reject('bad_device_certificate', deviceVerdict.message);
  return { ok: true };
}

/** The value as JSON sees it; throws for what JSON cannot carry (NaN, functions, cycles, bigint). */
function asJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(canonicalize(value) ?? 'not JSON');
  } catch {
    throw new Error(
      'event payload must be plain JSON (no NaN, Infinity, functions, cycles or lone surrogates)',
    );
  }
}

function reject(reason: EventRejection, message: string): EventVerdict {
  return { ok: false, reason, message };
}

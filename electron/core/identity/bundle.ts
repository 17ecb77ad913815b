/**
 * Enrolment bundles: the file an administrator's `invite` writes and a new member's `join` reads.
 *
 * SECURITY: a bundle carries the member's PRIVATE key. Whoever holds the file can join the
 * workspace as that member, so it must be handed over like a password (in person, or over a channel
 * trusted for secrets) and deleted once used. Issue 7 will encrypt it with a one-time passphrase.
 */
import {
  ENROLMENT_BUNDLE_FORMAT,
  ENROLMENT_BUNDLE_VERSION,
  enrolmentBundleSchema,
  type EnrolmentBundle,
  type MemberCertificate,
  type WorkspacePublic,
} from '../../../shared/identity';
import { describeIssues } from '../../../shared/validation';
import { MusterError } from '../errors';
import { verifyMemberCertificate } from './certificates';
import { exportPrivateKey, importPrivateKey, publicKeyOf, type KeyObject } from './keys';

/** Real bundles are about 2 KiB; the cap stops a wrong file from being parsed at all. */
export const ENROLMENT_BUNDLE_MAX_BYTES = 64 * 1024;

const NOTICE =
  'Muster enrolment bundle. It lets its holder join the workspace as the member named inside: ' +
  'hand it over like a password and delete it once used.';

export type Enrolment = {
  workspace: WorkspacePublic;
  memberCertificate: MemberCertificate;
  memberPrivateKey: KeyObject;
};

/** The bundle as JSON text. Refuses to write one that `readEnrolmentBundle` would reject. */
export function writeEnrolmentBundle(enrolment: Enrolment): string {
  const bundle: EnrolmentBundle = {
    format: ENROLMENT_BUNDLE_FORMAT,
    version: ENROLMENT_BUNDLE_VERSION,
    notice: NOTICE,
    workspace: enrolment.workspace,
    memberCertificate: enrolment.memberCertificate,
    memberPrivateKey: exportPrivateKey(enrolment.memberPrivateKey),
  };
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  readEnrolmentBundle(text, enrolment.workspace.id);
  return text;
}

/**
 * Reads and checks a bundle: its shape, that the workspace key in it signed the certificate, and
 * that the private key in it is the certificate's member key. With `expectedWorkspaceId`, also that
 * it is for that workspace. Every failure is a MusterError `invalid_params` with a one-line message
 * (never echoing the file, which holds a secret).
 */
export function readEnrolmentBundle(text: string, expectedWorkspaceId?: string): Enrolment {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > ENROLMENT_BUNDLE_MAX_BYTES)
    invalid(
      `enrolment bundle is too large (${size} bytes, at most ${ENROLMENT_BUNDLE_MAX_BYTES}): is it the right file?`,
    );

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    invalid('enrolment bundle is not valid JSON: is it the right file?');
  }
  const tagged = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (tagged.format !== ENROLMENT_BUNDLE_FORMAT) invalid('this file is not a Muster enrolment bundle');
  if (tagged.version === undefined) invalid('enrolment bundle has no version');
  if (tagged.version !== ENROLMENT_BUNDLE_VERSION) {
    // Only a number is echoed: the file holds a secret, and any other value could be (part of) it.
    const version = typeof tagged.version === 'number' ? `version ${tagged.version}` : 'this version';
    invalid(
      `enrolment bundle ${version} is not supported (this Muster reads version ${ENROLMENT_BUNDLE_VERSION})`,
    );
  }

  const parsed = enrolmentBundleSchema.safeParse(json);
  if (!parsed.success)
    invalid(`enrolment bundle is incomplete or malformed: ${describeIssues(parsed.error)}`);
  const { workspace, memberCertificate, memberPrivateKey } = parsed.data;

  const verdict = verifyMemberCertificate(memberCertificate, workspace);
  if (!verdict.ok) {
    if (verdict.reason === 'wrong_workspace')
      invalid(
        `the member certificate in this enrolment bundle is for another workspace than "${workspace.name}"`,
      );
    invalid(
      `the member certificate in this enrolment bundle is not signed by the key of workspace "${workspace.name}": the file was altered or damaged`,
    );
  }

  let privateKey: KeyObject;
  try {
    privateKey = importPrivateKey(memberPrivateKey);
  } catch {
    invalid('the member key in this enrolment bundle is unreadable: the file was altered or damaged');
  }
  if (publicKeyOf(privateKey) !== memberCertificate.memberKey)
    invalid(
      'the member key in this enrolment bundle does not match its certificate: the file was altered or damaged',
    );

  if (!workspace.departments.some((d) => d.id === memberCertificate.department))
    invalid(
      `the member's department "${memberCertificate.department}" is not a department of "${workspace.name}"`,
    );

  // Checked after the integrity checks, so that a damaged file is reported as damaged, not as foreign.
  if (expectedWorkspaceId !== undefined && workspace.id !== expectedWorkspaceId)
    invalid(
      `this enrolment bundle is for workspace "${workspace.name}" (${workspace.id}), not this one (${expectedWorkspaceId})`,
    );

  return { workspace, memberCertificate, memberPrivateKey: privateKey };
}

function invalid(message: string): never {
  throw new MusterError('invalid_params', message);
}

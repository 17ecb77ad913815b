/**
 * Who is who in a workspace (DESIGN.md section 5): departments, roles, and the certificates that
 * chain trust from the workspace key to every event:
 *
 *   workspace key --signs--> member certificate (user, department, role, member key)
 *   member key    --signs--> device certificate (device key)
 *   device key    --signs--> events (shared/events.ts `signingBytes`)
 *
 * Only shapes live here (pure, no crypto); signing and verifying are in electron/core/identity/.
 *
 * The certificate schemas only check, never transform (no trim, no defaults): a parsed certificate
 * must be byte-for-byte what was signed. They are strict, so a field nobody signed cannot ride along.
 */
import { z } from 'zod';

export const ROLES = ['viewer', 'responder', 'commander', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { error: () => `role must be one of ${ROLES.join(', ')}` });

/** Ids of workspaces, members and devices: UUIDs in practice; at most 64 like event ids. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -');

/*
 * Keys and signatures are base64url without padding, and only in their one canonical spelling: the
 * last character's spare bits (2 for 32 bytes, 4 for 64 bytes) must be zero. Decoders ignore those
 * bits, so otherwise one key or signature could be written several ways.
 */

/** A raw 32-byte Ed25519 public key. */
export const publicKeySchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/,
    'must be a raw Ed25519 public key (43 base64url characters)',
  );

/** A 64-byte Ed25519 signature. */
export const signatureSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'must be an Ed25519 signature (86 base64url characters)');

const displayText = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
    .refine((text) => text.trim() === text, 'must not start or end with spaces');

export const departmentSchema = z
  .object({
    /** Stable slug; events and certificates refer to departments by it. */
    id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a lowercase slug (a-z, 0-9, -), at most 32'),
    name: displayText(80),
    /** Shown on badges and the board; `#rrggbb`. */
    colour: z.string().regex(/^#[0-9a-f]{6}$/, 'must be a colour like #1d4ed8'),
  })
  .strict();
export type Department = z.infer<typeof departmentSchema>;

/** Every new workspace starts with these; administrators can add more. */
export const DEFAULT_DEPARTMENTS: readonly Department[] = [
  { id: 'police', name: 'Police', colour: '#1d4ed8' },
  { id: 'traffic', name: 'Traffic', colour: '#ea580c' },
  { id: 'energy', name: 'Energy', colour: '#15803d' },
  { id: 'it', name: 'IT', colour: '#7c3aed' },
];

/** What anyone may know about a workspace: enough to check its certificates. */
export const workspacePublicSchema = z
  .object({
    id: idSchema,
    name: displayText(120),
    /** The workspace key; it signs member certificates. */
    publicKey: publicKeySchema,
    departments: z
      .array(departmentSchema)
      .min(1, 'a workspace needs at least one department')
      .max(100)
      .refine((list) => new Set(list.map((d) => d.id)).size === list.length, 'department ids must be unique'),
  })
  .strict();
export type WorkspacePublic = z.infer<typeof workspacePublicSchema>;

export const CERTIFICATE_VERSION = 1;

/** ISO 8601 instant in UTC, as `new Date().toISOString()` writes it. */
const instantSchema = z.iso.datetime({ error: 'must be an ISO 8601 instant in UTC' });

/** Signed by the workspace key: this member, in this department, with this role, holds this key. */
export const memberCertificateSchema = z
  .object({
    v: z.literal(CERTIFICATE_VERSION),
    workspaceId: idSchema,
    memberId: idSchema,
    /** The person's name as colleagues know it. */
    user: displayText(120),
    /** A department id of the workspace. */
    department: departmentSchema.shape.id,
    role: roleSchema,
    /** The member key; it signs this member's device certificates. */
    memberKey: publicKeySchema,
    issuedAt: instantSchema,
    sig: signatureSchema,
  })
  .strict();
export type MemberCertificate = z.infer<typeof memberCertificateSchema>;

/** Signed by a member key: this device acts for this member, and signs with this key. */
export const deviceCertificateSchema = z
  .object({
    v: z.literal(CERTIFICATE_VERSION),
    workspaceId: idSchema,
    memberId: idSchema,
    deviceId: idSchema,
    /** The device key; it signs this device's events. */
    deviceKey: publicKeySchema,
    issuedAt: instantSchema,
    sig: signatureSchema,
  })
  .strict();
export type DeviceCertificate = z.infer<typeof deviceCertificateSchema>;

export const ENROLMENT_BUNDLE_FORMAT = 'muster-enrolment';
export const ENROLMENT_BUNDLE_VERSION = 1;

/**
 * What `invite` writes and `join` reads. It carries the member's PRIVATE key: whoever holds the
 * file can join as that member, so it is handed over like a password (issue 7 will encrypt it).
 */
export const enrolmentBundleSchema = z
  .object({
    format: z.literal(ENROLMENT_BUNDLE_FORMAT),
    version: z.literal(ENROLMENT_BUNDLE_VERSION),
    /** For people who open the file: what it is and how to handle it. Not signed, not trusted. */
    notice: z.string().max(1000).optional(),
    workspace: workspacePublicSchema,
    memberCertificate: memberCertificateSchema,
    /** The member key's private half, PKCS#8 DER, base64url. The enrolment secret. */
    memberPrivateKey: z.string().regex(/^[A-Za-z0-9_-]{1,512}$/, 'must be a base64url private key'),
  })
  .strict();
export type EnrolmentBundle = z.infer<typeof enrolmentBundleSchema>;

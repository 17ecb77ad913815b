/**
 * Ed25519 keys and signatures (node:crypto), in the text forms Muster stores and publishes:
 * public keys as the raw 32 bytes in base64url (what certificates carry), private keys as PKCS#8
 * DER in base64url (what the local store and enrolment bundles carry), signatures as base64url.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export type { KeyObject };

export type KeyPair = { publicKey: KeyObject; privateKey: KeyObject };

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

export function generateKeyPair(): KeyPair {
  return generateKeyPairSync('ed25519');
}

/** Raw 32-byte public key, base64url (via JWK, whose `x` is exactly that). */
export function exportPublicKey(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const { x } = publicKey.export({ format: 'jwk' });
  if (publicKey.asymmetricKeyType !== 'ed25519' || typeof x !== 'string')
    throw new Error('not an Ed25519 key');
  return x;
}

/** Throws on anything that is not a raw Ed25519 public key in base64url. */
export function importPublicKey(text: string): KeyObject {
  if (decodeBase64Url(text, PUBLIC_KEY_BYTES) === undefined)
    throw new Error('not an Ed25519 public key (expected 32 bytes in base64url)');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
}

export function exportPrivateKey(key: KeyObject): string {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519')
    throw new Error('not an Ed25519 private key');
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
}

/** Throws on anything that is not an Ed25519 private key as PKCS#8 DER in base64url. */
export function importPrivateKey(text: string): KeyObject {
  const der = decodeBase64Url(text);
  if (der === undefined) throw new Error('not a private key (expected PKCS#8 DER in base64url)');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('not a private key (expected PKCS#8 DER in base64url)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
  return key;
}

/** The public half of a private key, in the raw base64url form. */
export function publicKeyOf(privateKey: KeyObject): string {
  return exportPublicKey(privateKey);
}

export function sign(bytes: Uint8Array, privateKey: KeyObject): string {
  return cryptoSign(null, bytes, privateKey).toString('base64url');
}

/**
 * True only for a valid signature. Signatures and keys come from other replicas, so anything
 * malformed (wrong length, not base64url, not a key) answers false instead of throwing.
 * Accepts an imported key too, so bulk verification can import each key once.
 */
export function verify(bytes: Uint8Array, signature: string, publicKey: string | KeyObject): boolean {
  try {
    const sig = decodeBase64Url(signature, SIGNATURE_BYTES);
    if (sig === undefined) return false;
    const key = typeof publicKey === 'string' ? importPublicKey(publicKey) : publicKey;
    if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') return false;
    return cryptoVerify(null, bytes, key, sig);
  } catch {
    return false;
  }
}

/**
 * Strict base64url: Buffer.from skips characters it does not know, so a text is accepted only if it
 * is exactly the encoding of what it decodes to (one text per byte string, no padding).
 */
function decodeBase64Url(text: unknown, expectedBytes?: number): Buffer | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return undefined;
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) return undefined;
  return bytes;
}

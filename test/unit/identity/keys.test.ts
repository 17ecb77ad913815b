import { describe, expect, it } from 'vitest';
import {
  exportPrivateKey,
  exportPublicKey,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  publicKeyOf,
  sign,
  verify,
} from '../../../electron/core/identity/keys';

const message = new TextEncoder().encode('incident 42: power restored');

describe('Ed25519 keys', () => {
  it('round-trips keys through their stored forms and signs verifiably', () => {
    const { publicKey, privateKey } = generateKeyPair();
    const publicText = exportPublicKey(publicKey);
    expect(publicText).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(publicText, 'base64url')).toHaveLength(32);

    const restored = importPrivateKey(exportPrivateKey(privateKey));
    expect(publicKeyOf(restored)).toBe(publicText);
    expect(exportPublicKey(importPublicKey(publicText))).toBe(publicText);

    const sig = sign(message, restored);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verify(message, sig, publicText)).toBe(true);
    expect(verify(message, sig, importPublicKey(publicText))).toBe(true);
  });

  it('answers false, never throws, for wrong or malformed signatures and keys', () => {
    const { privateKey } = generateKeyPair();
    const publicText = publicKeyOf(privateKey);
    const other = publicKeyOf(generateKeyPair().privateKey);
    const sig = sign(message, privateKey);
    const altered = new TextEncoder().encode('incident 42: power restored!');

    expect(verify(altered, sig, publicText)).toBe(false);
    expect(verify(message, sig, other)).toBe(false);
    expect(verify(message, sign(message, generateKeyPair().privateKey), publicText)).toBe(false);

    const garbage: unknown[] = [
      '',
      'not base64!',
      sig.slice(0, 85),
      `${sig}A`,
      `${sig.slice(0, 85)}=`,
      'A'.repeat(86),
    ];
    for (const bad of garbage) expect(verify(message, bad as string, publicText), String(bad)).toBe(false);
    expect(verify(message, 42 as unknown as string, publicText)).toBe(false);
    for (const badKey of ['', 'short', '!'.repeat(43), `${publicText}A`, publicText.slice(0, 42)])
      expect(verify(message, sig, badKey), badKey).toBe(false);
    // A private key where a public one belongs is not a verifying key.
    expect(verify(message, sig, privateKey)).toBe(false);
    expect(verify(message, sig, null as unknown as string)).toBe(false);
  });

  it('rejects base64url texts that are not the canonical encoding of their bytes', () => {
    const { privateKey } = generateKeyPair();
    const sig = sign(message, privateKey);
    // The last character of an 86-character text carries 4 spare bits; setting one decodes to the
    // same bytes, so accepting it would give one signature several spellings.
    const last = sig.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] ?? 'A';
    const respelled = sig.slice(0, 85) + sibling;
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(verify(message, respelled, publicKeyOf(privateKey))).toBe(false);
  });

  it('refuses to import what is not an Ed25519 key', () => {
    expect(() => importPublicKey('AAAA')).toThrow(/public key/);
    expect(() => importPrivateKey('AAAA')).toThrow(/private key/);
    expect(() => importPrivateKey('$$$')).toThrow(/private key/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  createEventVerifier,
  partitionVerified,
  signEvent,
  verifyEvent,
} from '../../../electron/core/identity/event-signing';
import { exportPublicKey, generateKeyPair } from '../../../electron/core/identity/keys';
import { eventEnvelopeSchema, type EventEnvelope } from '../../../shared/events';
import { directoryOf, makeDevice, makeMember, makeWorkspace, unsignedEvent } from './workspace-fixture';

function city() {
  const workspace = makeWorkspace();
  const ana = makeMember(workspace, 'm-ana', { department: 'police' });
  const bo = makeMember(workspace, 'm-bo', { department: 'energy' });
  const anasLaptop = makeDevice(ana, 'dev-ana-laptop');
  const bosDesktop = makeDevice(bo, 'dev-bo-desktop');
  const directory = directoryOf(workspace, [ana, bo], [anasLaptop, bosDesktop]);
  const event = signEvent(unsignedEvent(ana), 'dev-ana-laptop', anasLaptop.privateKey);
  return { workspace, ana, bo, anasLaptop, bosDesktop, directory, event };
}

describe('event signing', () => {
  it('signs with the device key, and the chain verifies', () => {
    const { event, directory } = city();
    expect(eventEnvelopeSchema.parse(event)).toEqual(event);
    expect(event.device).toBe('dev-ana-laptop');
    expect(verifyEvent(event, directory)).toEqual({ ok: true });
    // What storage does to it (JSON, keys in another order) does not matter.
    const reordered = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(event))).reverse());
    expect(verifyEvent(reordered, directory)).toEqual({ ok: true });
  });

  it('returns the payload exactly as it was signed', () => {
    const { ana, anasLaptop, directory } = city();
    const at = new Date('2025-11-24T09:00:00Z');
    const event = signEvent(
      unsignedEvent(ana, { payload: { at, note: undefined, n: 1 } }),
      'dev-ana-laptop',
      anasLaptop.privateKey,
    );
    expect(event.payload).toEqual({ at: '2025-11-24T09:00:00.000Z', n: 1 });
    expect(verifyEvent(JSON.parse(JSON.stringify(event)), directory)).toEqual({ ok: true });
    expect(() =>
      signEvent(unsignedEvent(ana, { payload: { n: Number.NaN } }), 'dev-ana-laptop', anasLaptop.privateKey),
    ).toThrow(/plain JSON/);
  });

  it('refuses to sign an event naming another device or without a clock stamp', () => {
    const { ana, anasLaptop } = city();
    const named = { ...unsignedEvent(ana), device: 'dev-other' };
    expect(() => signEvent(named, 'dev-ana-laptop', anasLaptop.privateKey)).toThrow(/names device dev-other/);
    expect(() =>
      signEvent(unsignedEvent(ana, { hlc: 'yesterday' }), 'dev-ana-laptop', anasLaptop.privateKey),
    ).toThrow(/clock stamp/);
  });
});

describe('event verification rejects, with the reason', () => {
  it('a payload changed after signing, even once the original was verified', () => {
    const { event, directory } = city();
    // Valid signatures are remembered per process; the memory must not vouch for other bytes.
    expect(verifyEvent(event, directory)).toEqual({ ok: true });
    const tampered = { ...event, payload: { title: 'Power cut, Main St', severity: 'minor' } };
    expect(verifyEvent(tampered, directory)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyEvent({ ...event, hlc: '000001764000000001-0000-dev-a' }, directory)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('an event signed by another device than the one it names', () => {
    const { ana, directory } = city();
    const stolenName = makeDevice(ana, 'dev-unlisted'); // certified, but not published in the directory
    const forged = signEvent(unsignedEvent(ana), 'dev-ana-laptop', stolenName.privateKey);
    expect(verifyEvent(forged, directory)).toMatchObject({ ok: false, reason: 'bad_signature' });
    const unknown = signEvent(unsignedEvent(ana), 'dev-unlisted', stolenName.privateKey);
    expect(verifyEvent(unknown, directory)).toMatchObject({ ok: false, reason: 'unknown_device' });
  });

  it('an event whose device belongs to another member', () => {
    const { ana, bosDesktop, directory } = city();
    // Bo's device writes an event claiming to be Ana.
    const forged = signEvent(unsignedEvent(ana), 'dev-bo-desktop', bosDesktop.privateKey);
    expect(verifyEvent(forged, directory)).toMatchObject({ ok: false, reason: 'device_of_another_member' });
  });

  it("a device certificate for one member signed by another member's key", () => {
    const { workspace, ana, bo, anasLaptop, bosDesktop } = city();
    // Bo certifies a device in Ana's name with Bo's own key and publishes it.
    const fake = makeDevice(bo, 'dev-fake');
    const claimed = { ...fake.certificate, memberId: 'm-ana' };
    const directory = directoryOf(workspace, [ana, bo], [anasLaptop, bosDesktop]);
    const devices = new Map(directory.devices).set('dev-fake', claimed);
    const forged = signEvent(unsignedEvent(ana), 'dev-fake', fake.privateKey);
    expect(verifyEvent(forged, { ...directory, devices })).toMatchObject({
      ok: false,
      reason: 'bad_device_certificate',
    });
  });

  it('a member certificate from another workspace', () => {
    const { workspace, anasLaptop, bosDesktop, ana, bo } = city();
    const lakeside = makeWorkspace('ws-lakeside', 'Lakeside');
    const stranger = makeMember(lakeside, 'm-stranger', { department: 'police' });
    const strangersLaptop = makeDevice(stranger, 'dev-stranger');
    const directory = directoryOf(workspace, [ana, bo, stranger], [anasLaptop, bosDesktop, strangersLaptop]);
    const event = signEvent(unsignedEvent(stranger), 'dev-stranger', strangersLaptop.privateKey);
    expect(verifyEvent(event, directory)).toMatchObject({ ok: false, reason: 'foreign_member_certificate' });

    // Same workspace id, different workspace key: a certificate nobody here issued.
    const impostor = makeWorkspace('ws-riverton');
    const mallory = makeMember(impostor, 'm-mallory');
    const mallorysLaptop = makeDevice(mallory, 'dev-mallory');
    const withMallory = directoryOf(workspace, [ana, mallory], [anasLaptop, mallorysLaptop]);
    const hers = signEvent(unsignedEvent(mallory), 'dev-mallory', mallorysLaptop.privateKey);
    expect(verifyEvent(hers, withMallory)).toMatchObject({ ok: false, reason: 'bad_member_certificate' });
  });

  it('an event claiming another department than the certificate gives', () => {
    const { ana, anasLaptop, directory } = city();
    const event = signEvent(
      unsignedEvent(ana, { department: 'energy' }),
      'dev-ana-laptop',
      anasLaptop.privateKey,
    );
    expect(verifyEvent(event, directory)).toMatchObject({ ok: false, reason: 'department_mismatch' });
  });

  it('an unknown actor, and malformed events, without throwing', () => {
    const { event, anasLaptop, workspace, directory } = city();
    const noMembers = directoryOf(workspace, [], [anasLaptop]);
    expect(verifyEvent(event, noMembers)).toMatchObject({ ok: false, reason: 'unknown_member' });

    const malformed: unknown[] = [
      null,
      'event',
      { ...event, sig: undefined },
      { ...event, extra: 1 },
      { ...event, hlc: 'not a stamp' },
      { ...event, payload: { text: '\uD800' } }, // a lone surrogate has no canonical JSON
    ];
    for (const bad of malformed)
      expect(verifyEvent(bad, directory), JSON.stringify(bad)).toMatchObject({
        ok: false,
        reason: 'malformed_event',
      });
    expect(verifyEvent({ ...event, sig: 'x'.repeat(86) }, directory)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });
});

describe('partitionVerified', () => {
  it('keeps the events the directory vouches for and reports the rest', () => {
    const { ana, bo, anasLaptop, bosDesktop, directory } = city();
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 20; i++) {
      const hlc = `000001764000000000-${String(i).padStart(4, '0')}-dev-ana-laptop`;
      events.push(
        signEvent(unsignedEvent(ana, { id: `a-${i}`, hlc }), 'dev-ana-laptop', anasLaptop.privateKey),
      );
    }
    const bos = signEvent(unsignedEvent(bo, { id: 'b-1' }), 'dev-bo-desktop', bosDesktop.privateKey);
    const forged = {
      ...signEvent(unsignedEvent(bo, { id: 'b-2' }), 'dev-bo-desktop', bosDesktop.privateKey),
      payload: 'x',
    };
    const impersonation = signEvent(
      unsignedEvent(ana, { id: 'b-3' }),
      'dev-bo-desktop',
      bosDesktop.privateKey,
    );

    const { valid, rejected } = partitionVerified([...events, bos, forged, impersonation, 'junk'], directory);
    expect(valid.map((e) => e.id)).toEqual([...events.map((e) => e.id), 'b-1']);
    expect(rejected.map((r) => r.reason)).toEqual([
      'bad_signature',
      'device_of_another_member',
      'malformed_event',
    ]);
    expect(rejected[0]?.event).toBe(forged);
    expect(rejected[0]?.message).toMatch(/b-2/);
  });

  it('re-checks the chain when the directory hands it a different certificate', () => {
    const { anasLaptop, directory, event } = city();
    const verifier = createEventVerifier(directory);
    expect(verifier(event)).toEqual({ ok: true });
    // The directory's device entry is replaced by one whose key Ana never certified.
    const devices = directory.devices as Map<string, typeof anasLaptop.certificate>;
    devices.set('dev-ana-laptop', {
      ...anasLaptop.certificate,
      deviceKey: exportPublicKey(generateKeyPair().publicKey),
    });
    expect(verifier(event)).toMatchObject({ ok: false, reason: 'bad_device_certificate' });
  });
});

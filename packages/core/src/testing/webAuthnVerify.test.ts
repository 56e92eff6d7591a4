/**
 * The kit's WebAuthn verification (webAuthnVerify.ts) with credentials made here by WebCrypto
 * (ES256 and RS256, hand-built client data, authenticator data and attestation): correct ones
 * pass, and each checked property, broken alone, is refused with its own reason.
 */
import { describe, expect, it } from 'vitest';
import {
  assertion,
  type Ceremony,
  newCredential,
  rawToDer,
  registration,
  type SoftCredential,
} from '../__tests__/softAuthenticator.js';
import { bytesToBase64url } from './base64url.js';
import { decodeCbor, encodeCbor } from './webAuthnCbor.js';
import { derToRawSignature } from './webAuthnCose.js';
import type { WebAuthnCredentialRecord } from './webAuthnState.js';
import {
  verifyAssertion,
  verifyRegistration,
  type WebAuthnRefusal,
  WebAuthnVerificationError,
} from './webAuthnVerify.js';

const ORIGIN = 'https://app.example';
const RP_ID = 'app.example';
const CHALLENGE = bytesToBase64url(new Uint8Array(32).fill(7));
const ceremony: Ceremony = { challenge: CHALLENGE, origin: ORIGIN, rpId: RP_ID };
const expected = {
  challenge: CHALLENGE,
  relyingPartyId: RP_ID,
  allowedOrigins: null,
  requireUserVerification: true,
};

async function refusal(promise: Promise<unknown>): Promise<WebAuthnRefusal> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WebAuthnVerificationError))
    throw new Error(`not refused: ${String(error)}`);
  return error.reason;
}

async function registered(credential: SoftCredential): Promise<WebAuthnCredentialRecord> {
  const verified = await verifyRegistration(await registration(credential, ceremony), expected);
  return {
    ...verified,
    username: 'alice',
    friendlyName: 'Passkey',
    relyingPartyId: RP_ID,
    createdAt: 0,
  };
}

describe('the minimal CBOR decoder', () => {
  it('reads what attestation uses: maps, byte and text strings, integers, arrays, simple values', () => {
    const bytes = Uint8Array.from([
      0xa3, 0x63, 0x66, 0x6d, 0x74, 0x64, 0x6e, 0x6f, 0x6e, 0x65, 0x01, 0x42, 0xca, 0xfe, 0x20,
      0x83, 0x18, 0x64, 0x39, 0x01, 0x00, 0xf5,
    ]);
    expect(decodeCbor(bytes)).toEqual(
      new Map<unknown, unknown>([
        ['fmt', 'none'],
        [1, Uint8Array.from([0xca, 0xfe])],
        [-1, [100, -257, true]],
      ]),
    );
    expect(decodeCbor(encodeCbor(new Map([[3, -7]])))).toEqual(new Map([[3, -7]]));
  });

  it('refuses truncated input, trailing bytes, floats and tags', () => {
    expect(() => decodeCbor(Uint8Array.from([0x42, 0x01]))).toThrow('truncated');
    expect(() => decodeCbor(Uint8Array.from([0x01, 0x02]))).toThrow('after the item');
    expect(() => decodeCbor(Uint8Array.from([0xf9, 0, 0]))).toThrow('not supported');
    expect(() => decodeCbor(Uint8Array.from([0xc1, 0x01]))).toThrow('tags');
  });
});

describe('DER signatures', () => {
  it('converts DER to raw r ‖ s and back, padding short integers', () => {
    const raw = Uint8Array.from({ length: 64 }, (_, index) => (index === 0 ? 0 : index + 100));
    raw[32] = 0x80; // s needs a leading zero in DER
    const der = rawToDer(raw);
    expect(derToRawSignature(der)).toEqual(raw);
    expect(derToRawSignature(der.subarray(0, der.length - 1))).toBeNull();
  });
});

describe.each([
  ['ES256', -7],
  ['RS256', -257],
] as const)('%s credentials', (_name, alg) => {
  it('registers (fmt none and packed self attestation) and signs in', async () => {
    const credential = await newCredential(alg);
    const record = await registered(credential);
    expect(record).toMatchObject({ credentialId: credential.id, algorithm: alg, signCount: 0 });
    const packed = await registration(credential, { ...ceremony, fmt: 'packed' });
    await expect(verifyRegistration(packed, expected)).resolves.toMatchObject({ algorithm: alg });

    const store = { [record.credentialId]: record };
    const signed = await assertion(credential, ceremony);
    await expect(verifyAssertion(store, expected, JSON.stringify(signed))).resolves.toMatchObject({
      signCount: 1,
    });
  });

  it('refuses a registration with a broken property', async () => {
    const credential = await newCredential(alg);
    const broken = async (change: Partial<Ceremony>) =>
      refusal(
        verifyRegistration(await registration(credential, { ...ceremony, ...change }), expected),
      );
    expect(await broken({ challenge: bytesToBase64url(new Uint8Array(32)) })).toBe('challenge');
    expect(await broken({ origin: 'https://evil.example' })).toBe('origin');
    expect(await broken({ type: 'webauthn.get' })).toBe('type');
    expect(await broken({ rpIdHash: new Uint8Array(32) })).toBe('rpIdHash');
    expect(await broken({ flags: 0x44 })).toBe('userPresence');
    expect(await broken({ flags: 0x41 })).toBe('userVerification');
  });

  it('refuses an assertion with a broken property, and a cloned authenticator', async () => {
    const credential = await newCredential(alg);
    const record = await registered(credential);
    const store = { [record.credentialId]: { ...record, signCount: 5 } };
    const broken = async (change: Partial<Ceremony>) =>
      refusal(
        verifyAssertion(
          store,
          expected,
          await assertion(credential, { ...ceremony, signCount: 6, ...change }),
        ),
      );
    expect(await broken({ challenge: bytesToBase64url(new Uint8Array(32)) })).toBe('challenge');
    expect(await broken({ origin: 'https://app.example.evil' })).toBe('origin');
    expect(await broken({ type: 'webauthn.create' })).toBe('type');
    expect(await broken({ rpIdHash: new Uint8Array(32) })).toBe('rpIdHash');
    expect(await broken({ flags: 0x04 })).toBe('userPresence');
    expect(await broken({ breakSignature: true })).toBe('signature');
    expect(await broken({ signCount: 5 })).toBe('counter');
    expect(await broken({ signCount: 0 })).toBe('counter');
    const other = await newCredential(alg);
    expect(await refusal(verifyAssertion(store, expected, await assertion(other, ceremony)))).toBe(
      'unknownCredential',
    );
    const forBob = { ...expected, username: 'bob' };
    expect(
      await refusal(
        verifyAssertion(store, forBob, await assertion(credential, { ...ceremony, signCount: 7 })),
      ),
    ).toBe('unknownCredential');
  });
});

describe('attestation formats and keys', () => {
  it('refuses formats other than none and packed self attestation, and a malformed object', async () => {
    const credential = await newCredential(-7);
    const good = await registration(credential, ceremony);
    const object = decodeCbor(Buffer.from(good.response.attestationObject, 'base64url')) as Map<
      string,
      never
    >;
    object.set('fmt', 'tpm' as never);
    const tpm = {
      ...good,
      response: { ...good.response, attestationObject: bytesToBase64url(encodeCbor(object)) },
    };
    expect(await refusal(verifyRegistration(tpm, expected))).toBe('unsupported');
    const garbage = { ...good, response: { ...good.response, attestationObject: 'AAEC' } };
    expect(await refusal(verifyRegistration(garbage, expected))).toBe('malformed');
    expect(await refusal(verifyRegistration('{', expected))).toBe('malformed');
  });

  it('allows only the configured origins when a list is given, and http only for localhost', async () => {
    const credential = await newCredential(-7);
    const listed = { ...expected, allowedOrigins: ['https://other.example'] };
    expect(
      await refusal(verifyRegistration(await registration(credential, ceremony), listed)),
    ).toBe('origin');
    const local = { ...expected, relyingPartyId: 'localhost' };
    const localCeremony = { ...ceremony, rpId: 'localhost', origin: 'http://localhost:5173' };
    await expect(
      verifyRegistration(await registration(credential, localCeremony), local),
    ).resolves.toBeTruthy();
    const plainHttp = { ...ceremony, origin: 'http://app.example' };
    expect(
      await refusal(verifyRegistration(await registration(credential, plainHttp), expected)),
    ).toBe('origin');
  });
});

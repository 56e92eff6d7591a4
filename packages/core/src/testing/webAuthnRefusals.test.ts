/**
 * The kit's WebAuthn verification against responses broken one part at a time, below what the
 * soft authenticator can break (webAuthnVerify.test.ts): the JSON envelope, client data bytes,
 * the CBOR attestation object, the attested credential data, the packed self-attestation, and
 * what a verified registration keeps. Each refusal is checked by reason and words.
 */
import { describe, expect, it } from 'vitest';
import {
  assertion,
  type Ceremony,
  newCredential,
  registration,
} from '../__tests__/softAuthenticator.js';
import { base64urlToBytes, bytesToBase64url } from './base64url.js';
import { type CborValue, decodeCbor, encodeCbor } from './webAuthnCbor.js';
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
const CHALLENGE = bytesToBase64url(new Uint8Array(32).fill(9));
const ceremony: Ceremony = { challenge: CHALLENGE, origin: ORIGIN, rpId: RP_ID };
const expected = {
  challenge: CHALLENGE,
  relyingPartyId: RP_ID,
  allowedOrigins: null,
  requireUserVerification: true,
};

type Registration = Awaited<ReturnType<typeof registration>>;

async function refusal(promise: Promise<unknown>): Promise<[WebAuthnRefusal, string]> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WebAuthnVerificationError)) {
    throw new Error(`not refused: ${String(error)}`);
  }
  expect(error.name).toBe('WebAuthnVerificationError');
  return [error.reason, error.message];
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** A good registration, taken apart: the attestation map and the pieces of its authData. */
async function parts(change: Partial<Ceremony> = {}) {
  const credential = await newCredential(-7);
  const good = await registration(credential, { ...ceremony, ...change });
  const object = decodeCbor(base64urlToBytes(good.response.attestationObject)) as Map<
    string,
    CborValue
  >;
  const authData = object.get('authData') as Uint8Array;
  const idLength = (authData[53]! << 8) | authData[54]!;
  return {
    credential,
    good,
    object,
    head: authData.subarray(0, 37),
    aaguid: authData.subarray(37, 53),
    id: authData.subarray(55, 55 + idLength),
    cose: authData.subarray(55 + idLength),
  };
}

/** `good` with another attestation object. */
function withAttestation(good: Registration, object: CborValue): Registration {
  return {
    ...good,
    response: { ...good.response, attestationObject: bytesToBase64url(encodeCbor(object)) },
  };
}

/** `good` with another authData inside its attestation object. */
function withAuthData(
  good: Registration,
  object: Map<string, CborValue>,
  authData: Uint8Array,
): Registration {
  return withAttestation(good, new Map([...object, ['authData', authData]]));
}

function clientDataOf(good: Registration): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(base64urlToBytes(good.response.clientDataJSON)));
}

function withClientData(good: Registration, bytes: Uint8Array): Registration {
  return { ...good, response: { ...good.response, clientDataJSON: bytesToBase64url(bytes) } };
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** A fresh ES256 passkey, registered for alice with `counter` as its stored signature counter. */
async function stored(counter: number) {
  const credential = await newCredential(-7);
  const verified = await verifyRegistration(await registration(credential, ceremony), expected);
  const record: WebAuthnCredentialRecord = {
    ...verified,
    signCount: counter,
    username: 'alice',
    friendlyName: 'Passkey',
    relyingPartyId: RP_ID,
    createdAt: 0,
  };
  return { credential, store: { [record.credentialId]: record } };
}

describe('the credential envelope', () => {
  it('refuses text that is not JSON and anything that is not a public-key credential', async () => {
    const { good } = await parts();
    expect(await refusal(verifyRegistration('{', expected))).toEqual([
      'malformed',
      'The credential is not JSON',
    ]);
    const notPublicKey = ['malformed', 'The credential is not a public-key credential'];
    for (const credential of [
      null,
      { ...good, type: 'password' },
      { ...good, id: 42 },
      { ...good, response: 'x' },
      { id: good.id, type: 'public-key' },
    ]) {
      expect(await refusal(verifyRegistration(credential, expected))).toEqual(notPublicKey);
    }
    expect(await refusal(verifyRegistration({ ...good, rawId: 'AAAA' }, expected))).toEqual([
      'malformed',
      'id and rawId differ',
    ]);
    // rawId may be left out, and the JSON may come as text.
    const { rawId: _rawId, ...withoutRawId } = good;
    await expect(verifyRegistration(withoutRawId, expected)).resolves.toBeTruthy();
    await expect(verifyRegistration(JSON.stringify(good), expected)).resolves.toBeTruthy();
  });

  it('names a missing or undecodable field', async () => {
    const { good } = await parts();
    const { clientDataJSON: _dropped, ...noClientData } = good.response;
    expect(
      await refusal(verifyRegistration({ ...good, response: noClientData }, expected)),
    ).toEqual(['malformed', 'clientDataJSON is missing']);
    expect(
      await refusal(
        verifyRegistration(
          { ...good, response: { ...good.response, attestationObject: 'not*base64url' } },
          expected,
        ),
      ),
    ).toEqual(['malformed', 'attestationObject is not base64url']);
  });
});

describe('client data', () => {
  it('refuses bytes that are not UTF-8 JSON, even where a lenient decoder would read them', async () => {
    const { good } = await parts();
    const text = JSON.stringify({ ...clientDataOf(good), note: 'X' });
    const bytes = new TextEncoder().encode(text);
    bytes[bytes.length - 3] = 0xff; // the X: not UTF-8
    expect(await refusal(verifyRegistration(withClientData(good, bytes), expected))).toEqual([
      'malformed',
      'clientDataJSON is not JSON',
    ]);
    expect(
      await refusal(verifyRegistration(withClientData(good, json('x').subarray(1, 2)), expected)),
    ).toEqual(['malformed', 'clientDataJSON is not JSON']);
  });

  it('says which of type, challenge and origin is wrong, and refuses a cross-origin ceremony', async () => {
    const { good } = await parts();
    const data = clientDataOf(good);
    const broken = (change: object) =>
      refusal(verifyRegistration(withClientData(good, json({ ...data, ...change })), expected));
    expect(await broken({ type: 'webauthn.get' })).toEqual([
      'type',
      'clientDataJSON type is not webauthn.create',
    ]);
    expect(await broken({ challenge: 'other' })).toEqual([
      'challenge',
      'The challenge does not match',
    ]);
    expect(await broken({ origin: 'https://evil.example' })).toEqual([
      'origin',
      'The origin https://evil.example is not allowed',
    ]);
    expect(await broken({ crossOrigin: true })).toEqual([
      'origin',
      'Cross-origin ceremonies are not allowed',
    ]);
    await expect(
      verifyRegistration(withClientData(good, json({ ...data, crossOrigin: false })), expected),
    ).resolves.toBeTruthy();
  });
});

describe('the attestation object', () => {
  it('must be a CBOR map with authData bytes and an attStmt map', async () => {
    const { good, object } = await parts();
    expect(await refusal(verifyRegistration(withAttestation(good, [1, 2]), expected))).toEqual([
      'malformed',
      'attestationObject is not a map',
    ]);
    const lacks = ['malformed', 'attestationObject lacks authData or attStmt'];
    for (const [name, value] of [
      ['authData', 'text'],
      ['attStmt', 1],
    ] as const) {
      const changed = new Map([...object, [name, value as CborValue]]);
      expect(await refusal(verifyRegistration(withAttestation(good, changed), expected))).toEqual(
        lacks,
      );
    }
    const [reason, message] = await refusal(
      verifyRegistration(
        { ...good, response: { ...good.response, attestationObject: 'oQ' } },
        expected,
      ),
    );
    expect(reason).toBe('malformed');
    expect(message).toMatch(/^attestationObject: /);
  });

  it('needs whole authenticator data with attested credential data for this credential', async () => {
    const { good, object, head, aaguid, id, cose } = await parts();
    const broken = (authData: Uint8Array) =>
      refusal(verifyRegistration(withAuthData(good, object, authData), expected));
    expect(await broken(head.subarray(0, 36))).toEqual([
      'malformed',
      'authenticatorData is too short',
    ]);
    const noCredentialData = ['malformed', 'authenticatorData has no attested credential data'];
    expect(await broken(head)).toEqual(noCredentialData);
    const withoutAt = Uint8Array.from(head);
    withoutAt[32] = head[32]! & ~0x40;
    expect(await broken(concat(withoutAt, aaguid, Uint8Array.of(0, id.length), id, cose))).toEqual(
      noCredentialData,
    );
    expect(await broken(concat(head, aaguid, Uint8Array.of(0)))).toEqual(noCredentialData);
    const notThisId = ['malformed', 'The attested credential id is not the credential id'];
    expect(await broken(concat(head, aaguid, Uint8Array.of(0, 200), id))).toEqual(notThisId);
    const otherId = Uint8Array.from(id);
    otherId[0] = otherId[0]! ^ 1;
    expect(await broken(concat(head, aaguid, Uint8Array.of(0, id.length), otherId, cose))).toEqual(
      notThisId,
    );
    const [reason, message] = await broken(
      concat(head, aaguid, Uint8Array.of(0, id.length), id, Uint8Array.of(0xa1)),
    );
    expect([reason, message.startsWith('credentialPublicKey: ')]).toEqual(['malformed', true]);
  });

  it('takes a credential id of up to 1023 bytes, no longer', async () => {
    const registered = async (length: number) => {
      const credential = await newCredential(-7);
      credential.id = bytesToBase64url(new Uint8Array(length).fill(7));
      const response = await registration(credential, ceremony);
      return { id: credential.id, verified: verifyRegistration(response, expected) };
    };
    const longest = await registered(1023);
    await expect(longest.verified).resolves.toMatchObject({ credentialId: longest.id });
    expect(await refusal((await registered(1024)).verified)).toEqual([
      'malformed',
      'The credential id is longer than 1023 bytes',
    ]);
  });

  it('refuses a key that is not ES256 on P-256 or RS256', async () => {
    const { good, object, head, aaguid, id, cose } = await parts();
    const key = decodeCbor(cose) as Map<number, CborValue>;
    const ed25519 = new Map<number, CborValue>([
      [1, 1],
      [3, -8],
      [-1, 6],
      [-2, new Uint8Array(32)],
    ]);
    const p384 = new Map([...key, [-1, 2]]);
    for (const [cosekey, words] of [
      [ed25519, 'COSE key type 1 with algorithm -8'],
      [p384, 'Only the P-256 curve is supported'],
    ] as const) {
      const authData = concat(head, aaguid, Uint8Array.of(0, id.length), id, encodeCbor(cosekey));
      expect(
        await refusal(verifyRegistration(withAuthData(good, object, authData), expected)),
      ).toEqual(['unsupported', words]);
    }
  });

  it('refuses a P-256 key whose point is not on the curve as unsupported, not with a crash', async () => {
    const { good, object, head, aaguid, id, cose } = await parts();
    const key = decodeCbor(cose) as Map<number, CborValue>;
    // (x, x) is not a point of P-256 for any x but a negligible few: WebCrypto refuses to import it.
    const offCurve = new Map([...key, [-3, key.get(-2)!]]);
    const authData = concat(head, aaguid, Uint8Array.of(0, id.length), id, encodeCbor(offCurve));
    const [reason, words] = await refusal(
      verifyRegistration(withAuthData(good, object, authData), expected),
    );
    expect(reason).toBe('unsupported');
    expect(words).toMatch(/^The public key does not import: /);
  });

  it('takes packed self attestation only: no x5c, the key algorithm, a signature that verifies', async () => {
    const { good, object } = await parts({ fmt: 'packed' });
    const statement = object.get('attStmt') as Map<string, CborValue>;
    const selfOnly = ['unsupported', 'Only self attestation is supported in the packed format'];
    for (const changed of [
      new Map([...statement, ['x5c', [new Uint8Array(4)]]]),
      new Map([...statement, ['alg', -257]]),
      new Map([...statement, ['sig', 'text']]),
    ]) {
      const attested = withAttestation(good, new Map([...object, ['attStmt', changed]]));
      expect(await refusal(verifyRegistration(attested, expected))).toEqual(selfOnly);
    }
    const sig = Uint8Array.from(statement.get('sig') as Uint8Array);
    sig[sig.length - 5] = sig[sig.length - 5]! ^ 1;
    const forged = new Map([...statement, ['sig', sig]]);
    expect(
      await refusal(
        verifyRegistration(
          withAttestation(good, new Map([...object, ['attStmt', forged]])),
          expected,
        ),
      ),
    ).toEqual(['signature', 'The packed self-attestation signature does not verify']);
    await expect(verifyRegistration(good, expected)).resolves.toMatchObject({ algorithm: -7 });
  });

  it('refuses other formats, and format none with a statement', async () => {
    const { good, object } = await parts();
    const tpm = new Map([...object, ['fmt', 'tpm']]);
    expect(await refusal(verifyRegistration(withAttestation(good, tpm), expected))).toEqual([
      'unsupported',
      'Attestation format tpm is not supported',
    ]);
    const stated = new Map([...object, ['attStmt', new Map([['alg', -7]])]]);
    expect(await refusal(verifyRegistration(withAttestation(good, stated), expected))).toEqual([
      'unsupported',
      'Attestation format none is not supported',
    ]);
  });
});

describe('extension outputs after the authenticator data', () => {
  const outputs = encodeCbor(new Map([['credProtect', 2]]));
  const notOneMap = ['malformed', 'authenticatorData extensions are not one CBOR map'];
  const leftover = ['malformed', 'authenticatorData has bytes after its last part'];

  it('are read as one CBOR map when the ED flag says so, and refused otherwise, in a registration', async () => {
    const credential = await newCredential(-7);
    const registering = (change: Partial<Ceremony>) =>
      registration(credential, { ...ceremony, ...change });
    for (const fmt of ['none', 'packed'] as const) {
      const withOutputs = await registering({ fmt, flags: 0xc5, extensions: outputs });
      await expect(verifyRegistration(withOutputs, expected)).resolves.toMatchObject({
        credentialId: credential.id,
      });
    }
    const broken = async (change: Partial<Ceremony>) =>
      refusal(verifyRegistration(await registering(change), expected));
    expect(await broken({ extensions: outputs })).toEqual(leftover);
    expect(await broken({ extensions: Uint8Array.of(0) })).toEqual(leftover);
    expect(await broken({ flags: 0xc5 })).toEqual(notOneMap);
    expect(await broken({ flags: 0xc5, extensions: encodeCbor('credProtect') })).toEqual(notOneMap);
    expect(await broken({ flags: 0xc5, extensions: concat(outputs, Uint8Array.of(0)) })).toEqual(
      notOneMap,
    );
    expect(await broken({ flags: 0xc5, extensions: Uint8Array.of(0xa1) })).toEqual(notOneMap);
  });

  it('are read the same way in an assertion, whose signature covers them', async () => {
    const { credential, store } = await stored(0);
    const signed = await assertion(credential, { ...ceremony, flags: 0x85, extensions: outputs });
    await expect(verifyAssertion(store, expected, signed)).resolves.toMatchObject({ signCount: 1 });
    const broken = async (change: Partial<Ceremony>) =>
      refusal(
        verifyAssertion(store, expected, await assertion(credential, { ...ceremony, ...change })),
      );
    expect(await broken({ extensions: outputs })).toEqual(leftover);
    expect(await broken({ flags: 0x85 })).toEqual(notOneMap);
  });
});

describe('the backup flags', () => {
  it('refuse BS (backed up) without BE (backup eligible), in a registration and an assertion', async () => {
    const invalid = [
      'malformed',
      'authenticatorData says backed up (BS) but not backup eligible (BE)',
    ];
    const credential = await newCredential(-7);
    const registered = async (flags: number) =>
      verifyRegistration(await registration(credential, { ...ceremony, flags }), expected);
    expect(await refusal(registered(0x55))).toEqual(invalid);
    for (const flags of [0x4d, 0x5d]) {
      await expect(registered(flags)).resolves.toMatchObject({ credentialId: credential.id });
    }
    const held = await stored(0);
    const asserted = async (flags: number) =>
      verifyAssertion(
        held.store,
        expected,
        await assertion(held.credential, { ...ceremony, flags }),
      );
    expect(await refusal(asserted(0x15))).toEqual(invalid);
    await expect(asserted(0x0d)).resolves.toMatchObject({ signCount: 2 });
    await expect(asserted(0x1d)).resolves.toMatchObject({ signCount: 3 });
  });
});

describe('what a verified registration keeps', () => {
  it('the string transports, the attachment when it is a string, and whether the user was verified', async () => {
    const { good, object, head, aaguid, id, cose } = await parts();
    const kept = await verifyRegistration(
      {
        ...good,
        response: { ...good.response, transports: ['internal', 5, 'hybrid'] },
        authenticatorAttachment: 'cross-platform',
      },
      expected,
    );
    expect(kept).toMatchObject({
      transports: ['internal', 'hybrid'],
      authenticatorAttachment: 'cross-platform',
      userVerified: true,
      signCount: 0,
    });
    const present = Uint8Array.from(head);
    present[32] = 0x41; // UP and AT, no UV
    present.set([0, 0, 0, 3], 33);
    const unverified = withAuthData(
      { ...good, response: { ...good.response, transports: 'usb' as never } },
      object,
      concat(present, aaguid, Uint8Array.of(0, id.length), id, cose),
    );
    const optional = { ...expected, requireUserVerification: false };
    expect(
      await verifyRegistration({ ...unverified, authenticatorAttachment: 7 }, optional),
    ).toMatchObject({
      transports: [],
      authenticatorAttachment: null,
      userVerified: false,
      signCount: 3,
    });
  });
});

describe('assertions', () => {
  it('accepts a counter that stays 0 on an authenticator that never counts, nothing else that stays', async () => {
    const { credential, store } = await stored(0);
    await expect(
      verifyAssertion(store, expected, await assertion(credential, { ...ceremony, signCount: 0 })),
    ).resolves.toMatchObject({ signCount: 0 });
    const counted = await stored(4);
    expect(
      await refusal(
        verifyAssertion(
          counted.store,
          expected,
          await assertion(counted.credential, { ...ceremony, signCount: 4 }),
        ),
      ),
    ).toEqual([
      'counter',
      'The signature counter did not increase: the authenticator may be cloned',
    ]);
    await expect(
      verifyAssertion(
        counted.store,
        expected,
        await assertion(counted.credential, { ...ceremony, signCount: 5 }),
      ),
    ).resolves.toMatchObject({ signCount: 5 });
  });

  it('refuses an ES256 signature sent as raw r ‖ s (as WebCrypto signs) instead of DER', async () => {
    const { credential, store } = await stored(0);
    const signed = await assertion(credential, ceremony);
    const raw = derToRawSignature(base64urlToBytes(signed.response.signature))!;
    // The same r and s: WebCrypto would verify them, WebAuthn's encoding is DER (webAuthnCose.ts).
    const rawSigned = {
      ...signed,
      response: { ...signed.response, signature: bytesToBase64url(raw) },
    };
    expect(await refusal(verifyAssertion(store, expected, rawSigned))).toEqual([
      'signature',
      'The signature does not verify with the stored public key',
    ]);
    await expect(verifyAssertion(store, expected, signed)).resolves.toMatchObject({ signCount: 1 });
  });

  it("refuses a user handle that is not the registration's user.id, and takes an assertion without one", async () => {
    const { credential, store } = await stored(0);
    const owner = { ...expected, userHandle: 'YWxpY2U' };
    const other = ['unknownCredential', "The passkey's user handle names another user"];
    credential.userHandle = 'YWxpY2U';
    await expect(
      verifyAssertion(store, owner, await assertion(credential, ceremony)),
    ).resolves.toMatchObject({ signCount: 1 });
    for (const handle of ['Ym9i', 'YWxpY2UA', '']) {
      credential.userHandle = handle;
      expect(
        await refusal(verifyAssertion(store, owner, await assertion(credential, ceremony))),
      ).toEqual(other);
    }
    // Without an expected handle nothing is compared.
    await expect(
      verifyAssertion(store, expected, await assertion(credential, ceremony)),
    ).resolves.toMatchObject({ signCount: 5 });
    // A passkey that is not discoverable may give no handle: null, or none at all.
    credential.userHandle = null;
    const bare = await assertion(credential, ceremony);
    await expect(verifyAssertion(store, owner, bare)).resolves.toMatchObject({ signCount: 6 });
    const omitted = await assertion(credential, ceremony);
    const { userHandle: _, ...withoutHandle } = omitted.response;
    await expect(
      verifyAssertion(store, owner, { ...omitted, response: withoutHandle }),
    ).resolves.toMatchObject({ signCount: 7 });
  });

  it('says when the passkey is unknown, only looks at its own entries, and when the signature fails', async () => {
    const { credential, store } = await stored(0);
    const signed = await assertion(credential, ceremony);
    const unknown = ['unknownCredential', 'The passkey is not registered for this user'];
    for (const id of ['toString', '__proto__', 'constructor']) {
      expect(await refusal(verifyAssertion(store, expected, { ...signed, id, rawId: id }))).toEqual(
        unknown,
      );
    }
    const broken = await assertion(credential, { ...ceremony, breakSignature: true });
    expect(await refusal(verifyAssertion(store, expected, broken))).toEqual([
      'signature',
      'The signature does not verify with the stored public key',
    ]);
  });
});

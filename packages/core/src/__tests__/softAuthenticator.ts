/**
 * A software WebAuthn authenticator for Node tests, with WebCrypto: hand-built client data,
 * authenticator data, attestation objects (`none`, or `packed` self attestation) and assertion
 * signatures (ES256 as DER, RS256), each field overridable so a test can break one property.
 * `credentials()` stands in for `navigator.credentials` (its credentials have no `toJSON`, so
 * webAuthnJson.ts's own conversion runs).
 */
import { base64urlToBytes, bytesToBase64url } from '../testing/base64url.js';
import { encodeCbor } from '../testing/webAuthnCbor.js';

type Alg = -7 | -257;
const enc = new TextEncoder();

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
const sha256 = async (bytes: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));

/** Raw `r ‖ s` (32 bytes each) as ASN.1 DER, as authenticators send ES256 signatures. */
export function rawToDer(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let value = bytes;
    while (value.length > 1 && value[0] === 0 && value[1]! < 0x80) value = value.subarray(1);
    if (value[0]! >= 0x80) value = concat(new Uint8Array([0]), value);
    return concat(new Uint8Array([0x02, value.length]), value);
  };
  const body = concat(integer(raw.subarray(0, 32)), integer(raw.subarray(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

/** What a test can change in a ceremony (defaults: a correct response). */
export interface Ceremony {
  challenge: string;
  origin: string;
  rpId: string;
  type?: string;
  flags?: number;
  signCount?: number;
  /** Replaces the rpIdHash. */
  rpIdHash?: Uint8Array;
  fmt?: 'none' | 'packed';
  /** Flips a byte of the signature. */
  breakSignature?: boolean;
  /** Bytes after the authenticator data's last part (extension outputs; `flags` sets ED). */
  extensions?: Uint8Array;
}

export interface SoftCredential {
  id: string;
  alg: Alg;
  keys: CryptoKeyPair;
  signCount: number;
  /** What its assertions give as `userHandle` (the registration's `user.id`; `null`: none). */
  userHandle: string | null;
}

async function generate(alg: Alg): Promise<CryptoKeyPair> {
  const params =
    alg === -7
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        };
  return (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function coseKey(credential: SoftCredential): Promise<Uint8Array> {
  const jwk = await crypto.subtle.exportKey('jwk', credential.keys.publicKey);
  const b = (text: string | undefined) => base64urlToBytes(text ?? '');
  const map: [number, Uint8Array | number][] =
    credential.alg === -7
      ? [
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, b(jwk.x)],
          [-3, b(jwk.y)],
        ]
      : [
          [1, 3],
          [3, -257],
          [-1, b(jwk.n)],
          [-2, b(jwk.e)],
        ];
  return encodeCbor(new Map(map));
}

async function sign(credential: SoftCredential, data: Uint8Array): Promise<Uint8Array> {
  const algorithm =
    credential.alg === -7 ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  const signature = new Uint8Array(
    await crypto.subtle.sign(algorithm, credential.keys.privateKey, data as BufferSource),
  );
  return credential.alg === -7 ? rawToDer(signature) : signature;
}

function clientData(ceremony: Ceremony, type: string) {
  return enc.encode(
    JSON.stringify({
      type: ceremony.type ?? type,
      challenge: ceremony.challenge,
      origin: ceremony.origin,
      crossOrigin: false,
    }),
  );
}

async function authData(
  ceremony: Ceremony,
  flags: number,
  signCount: number,
  extra = new Uint8Array(),
) {
  const counter = new Uint8Array(4);
  new DataView(counter.buffer).setUint32(0, signCount);
  const rpIdHash = ceremony.rpIdHash ?? (await sha256(enc.encode(ceremony.rpId)));
  const tail = ceremony.extensions ?? new Uint8Array();
  return concat(rpIdHash, new Uint8Array([ceremony.flags ?? flags]), counter, extra, tail);
}

/** A new credential of `alg`. */
export async function newCredential(alg: Alg = -7, userHandle = 'dXNlcg'): Promise<SoftCredential> {
  const id = bytesToBase64url(crypto.getRandomValues(new Uint8Array(16)));
  return { id, alg, keys: await generate(alg), signCount: 0, userHandle };
}

/** A `RegistrationResponseJSON` for `credential`, broken where `ceremony` says. */
export async function registration(credential: SoftCredential, ceremony: Ceremony) {
  const data = clientData(ceremony, 'webauthn.create');
  const idBytes = base64urlToBytes(credential.id);
  const attested = concat(
    new Uint8Array(16), // AAGUID
    new Uint8Array([idBytes.length >> 8, idBytes.length & 0xff]),
    idBytes,
    await coseKey(credential),
  );
  const auth = await authData(ceremony, 0x45, ceremony.signCount ?? 0, attested);
  const statement =
    ceremony.fmt === 'packed'
      ? new Map<string, number | Uint8Array>([
          ['alg', credential.alg],
          ['sig', await sign(credential, concat(auth, await sha256(data)))],
        ])
      : new Map();
  const attestation = encodeCbor(
    new Map<string, unknown>([
      ['fmt', ceremony.fmt ?? 'none'],
      ['attStmt', statement],
      ['authData', auth],
    ]) as never,
  );
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key' as const,
    response: {
      clientDataJSON: bytesToBase64url(data),
      attestationObject: bytesToBase64url(attestation),
      transports: ['internal'],
    },
    clientExtensionResults: {},
    authenticatorAttachment: 'platform',
  };
}

/** An `AuthenticationResponseJSON` signed by `credential` (its counter advanced). */
export async function assertion(credential: SoftCredential, ceremony: Ceremony) {
  const data = clientData(ceremony, 'webauthn.get');
  credential.signCount = ceremony.signCount ?? credential.signCount + 1;
  const auth = await authData(ceremony, 0x05, credential.signCount);
  const signature = await sign(credential, concat(auth, await sha256(data)));
  if (ceremony.breakSignature) signature[signature.length - 5]! ^= 0x01;
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key' as const,
    response: {
      clientDataJSON: bytesToBase64url(data),
      authenticatorData: bytesToBase64url(auth),
      signature: bytesToBase64url(signature),
      userHandle: credential.userHandle,
    },
    clientExtensionResults: {},
    authenticatorAttachment: 'platform',
  };
}

const buffer = (text: string) => base64urlToBytes(text).buffer;

/** Wraps a JSON response as the browser's PublicKeyCredential (no `toJSON`). */
function asBrowserCredential(
  json: Awaited<ReturnType<typeof registration>> | Awaited<ReturnType<typeof assertion>>,
) {
  const response = Object.fromEntries(
    Object.entries(json.response).map(([name, value]) => [
      name,
      typeof value === 'string' ? buffer(value) : value,
    ]),
  );
  const transports = (json.response as { transports?: string[] }).transports;
  return {
    id: json.id,
    rawId: buffer(json.rawId),
    type: 'public-key',
    authenticatorAttachment: json.authenticatorAttachment,
    getClientExtensionResults: () => ({}),
    response: { ...response, ...(transports ? { getTransports: () => transports } : {}) },
  };
}

/**
 * A stand-in for `navigator.credentials` over one origin, remembering what it creates; `fail`
 * makes the next call throw a DOMException of that name.
 */
export function softCredentials(origin: string, alg: Alg = -7) {
  const held: SoftCredential[] = [];
  // `assertionFlags`: the authenticator data flags of the next assertions (default UP and UV).
  const state = {
    fail: null as string | null,
    calls: [] as unknown[],
    assertionFlags: undefined as number | undefined,
  };
  const failIfAsked = () => {
    const name = state.fail;
    state.fail = null;
    if (name) throw new DOMException('The operation failed.', name);
  };
  return {
    held,
    state,
    async create(options: { publicKey: PublicKeyCredentialCreationOptions }) {
      state.calls.push(options);
      failIfAsked();
      const publicKey = options.publicKey;
      const credential = await newCredential(
        alg,
        bytesToBase64url(new Uint8Array(publicKey.user.id as ArrayBuffer)),
      );
      held.push(credential);
      const challenge = bytesToBase64url(new Uint8Array(publicKey.challenge as ArrayBuffer));
      const rpId = publicKey.rp.id ?? new URL(origin).hostname;
      return asBrowserCredential(await registration(credential, { challenge, origin, rpId }));
    },
    async get(options: { publicKey: PublicKeyCredentialRequestOptions }) {
      state.calls.push(options);
      failIfAsked();
      const publicKey = options.publicKey;
      const allowed = (publicKey.allowCredentials ?? []).map((entry) =>
        bytesToBase64url(new Uint8Array(entry.id as ArrayBuffer)),
      );
      const credential = held.find((candidate) => allowed.includes(candidate.id));
      if (!credential) throw new DOMException('No credential.', 'NotAllowedError');
      const challenge = bytesToBase64url(new Uint8Array(publicKey.challenge as ArrayBuffer));
      const rpId = publicKey.rpId ?? new URL(origin).hostname;
      const flags = state.assertionFlags;
      return asBrowserCredential(
        await assertion(credential, {
          challenge,
          origin,
          rpId,
          ...(flags === undefined ? {} : { flags }),
        }),
      );
    },
  };
}

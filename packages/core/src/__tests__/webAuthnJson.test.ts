/**
 * WebAuthn's JSON forms to and from the browser's binary forms (webAuthnJson.ts), with fixed
 * vectors; the browser's own parse functions and `toJSON()` used when present.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  authenticationToJSON,
  base64urlToBuffer,
  bufferToBase64url,
  creationOptionsFromJSON,
  registrationToJSON,
  requestOptionsFromJSON,
} from '../flows/webAuthnJson.js';

const bytes = (buffer: unknown) => [...new Uint8Array(buffer as ArrayBuffer)];
const buf = (...values: number[]) => Uint8Array.from(values).buffer;

afterEach(() => vi.unstubAllGlobals());

describe('base64url', () => {
  it('encodes without padding with - and _, and decodes with or without padding', () => {
    expect(bufferToBase64url(buf(0xfb, 0xff, 0xbf))).toBe('-_-_');
    expect(bufferToBase64url(buf(0x66, 0x6f))).toBe('Zm8');
    expect(bufferToBase64url(new Uint8Array([9, 0x66, 0x6f, 9]).subarray(1, 3))).toBe('Zm8');
    expect(bytes(base64urlToBuffer('-_-_'))).toEqual([0xfb, 0xff, 0xbf]);
    expect(bytes(base64urlToBuffer('Zm8='))).toEqual([0x66, 0x6f]);
    expect(bytes(base64urlToBuffer(''))).toEqual([]);
    expect(() => base64urlToBuffer('not base64!')).toThrow(
      new TypeError('WebAuthn: a binary field is not base64url.'),
    );
    expect(() => base64urlToBuffer(42 as never)).toThrow(
      new TypeError('WebAuthn: a binary field is not base64url.'),
    );
  });

  it('decodes every length, padded or not, plain base64 too', () => {
    const all = Uint8Array.from({ length: 256 }, (_, index) => index);
    for (let length = 0; length <= 7; length++) {
      const slice = all.subarray(250 - length, 250);
      const text = bufferToBase64url(slice);
      expect(bytes(base64urlToBuffer(text))).toEqual([...slice]);
      const padded = btoa(String.fromCharCode(...slice));
      expect(bytes(base64urlToBuffer(padded))).toEqual([...slice]);
    }
    // A length no base64 has (one character over a whole group) is refused by the decoder.
    expect(() => base64urlToBuffer('AAAAA')).toThrow();
  });
});

describe('options from JSON', () => {
  const creation = {
    rp: { id: 'app.example', name: 'App' },
    user: { id: 'dXNlci0x', name: 'alice', displayName: 'Alice' },
    challenge: 'AQIDBA',
    pubKeyCredParams: [
      { type: 'public-key' as const, alg: -7 },
      { type: 'public-key' as const, alg: -257 },
    ],
    timeout: 60000,
    excludeCredentials: [{ type: 'public-key' as const, id: '_-8', transports: ['internal'] }],
    authenticatorSelection: {
      residentKey: 'required' as const,
      userVerification: 'preferred' as const,
    },
    attestation: 'none',
  };

  it('decodes the challenge, user.id and excluded ids; keeps the rest', () => {
    const options = creationOptionsFromJSON(creation);
    expect(bytes(options.challenge)).toEqual([1, 2, 3, 4]);
    expect(new TextDecoder().decode(options.user.id as ArrayBuffer)).toBe('user-1');
    expect(options.user).toMatchObject({ name: 'alice', displayName: 'Alice' });
    expect(bytes(options.excludeCredentials?.[0]?.id)).toEqual([0xff, 0xef]);
    expect(options.excludeCredentials?.[0]).toMatchObject({
      type: 'public-key',
      transports: ['internal'],
    });
    expect(options).toMatchObject({
      rp: creation.rp,
      pubKeyCredParams: creation.pubKeyCredParams,
      timeout: 60000,
      authenticatorSelection: creation.authenticatorSelection,
      attestation: 'none',
    });
  });

  it('decodes request options: challenge and allowed ids', () => {
    const options = requestOptionsFromJSON({
      challenge: 'AQIDBA',
      rpId: 'app.example',
      userVerification: 'required',
      allowCredentials: [{ type: 'public-key', id: 'AAE' }],
    });
    expect(bytes(options.challenge)).toEqual([1, 2, 3, 4]);
    expect(bytes(options.allowCredentials?.[0]?.id)).toEqual([0, 1]);
    expect(options).toMatchObject({ rpId: 'app.example', userVerification: 'required' });
    expect(requestOptionsFromJSON({ challenge: 'AA' })).not.toHaveProperty('allowCredentials');
  });

  it("uses the browser's parse functions when it has them", () => {
    const parsed = { challenge: buf(9) };
    const parseCreationOptionsFromJSON = vi.fn(() => parsed);
    const parseRequestOptionsFromJSON = vi.fn(() => parsed);
    vi.stubGlobal(
      'PublicKeyCredential',
      Object.assign(() => undefined, { parseCreationOptionsFromJSON, parseRequestOptionsFromJSON }),
    );
    expect(creationOptionsFromJSON(creation)).toBe(parsed);
    expect(parseCreationOptionsFromJSON).toHaveBeenCalledWith(creation);
    expect(requestOptionsFromJSON({ challenge: 'AA' })).toBe(parsed);
  });
});

describe('credentials to JSON', () => {
  const attestationResponse = {
    clientDataJSON: buf(0x7b, 0x7d),
    attestationObject: buf(0xa0),
    getTransports: () => ['internal', 'hybrid'],
    getAuthenticatorData: () => buf(1, 2),
    getPublicKey: () => buf(3),
    getPublicKeyAlgorithm: () => -7,
  };

  it('encodes a registration, with what the browser offers', () => {
    const credential = {
      id: 'AAE',
      rawId: buf(0, 1),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      getClientExtensionResults: () => ({ credProps: { rk: true } }),
      response: attestationResponse,
    } as unknown as PublicKeyCredential;
    expect(registrationToJSON(credential)).toEqual({
      id: 'AAE',
      rawId: 'AAE',
      type: 'public-key',
      response: {
        clientDataJSON: 'e30',
        attestationObject: 'oA',
        transports: ['internal', 'hybrid'],
        authenticatorData: 'AQI',
        publicKey: 'Aw',
        publicKeyAlgorithm: -7,
      },
      clientExtensionResults: { credProps: { rk: true } },
      authenticatorAttachment: 'platform',
    });
  });

  it('leaves out what an older browser lacks', () => {
    const credential = {
      id: 'AAE',
      rawId: buf(0, 1),
      type: 'public-key',
      authenticatorAttachment: null,
      response: { clientDataJSON: buf(0x7b, 0x7d), attestationObject: buf(0xa0) },
    } as unknown as PublicKeyCredential;
    expect(registrationToJSON(credential)).toEqual({
      id: 'AAE',
      rawId: 'AAE',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'oA' },
      clientExtensionResults: {},
    });
    expect(registrationToJSON(credential).response).not.toHaveProperty('publicKeyAlgorithm');
  });

  it('reads a method that throws or answers what it should not as absent', () => {
    const credential = {
      id: 'AAE',
      rawId: buf(0, 1),
      type: 'public-key',
      getClientExtensionResults: () => {
        throw new Error('not implemented');
      },
      toJSON: 'not a function',
      response: {
        ...attestationResponse,
        getTransports: () => {
          throw new Error('not implemented');
        },
        getPublicKeyAlgorithm: () => '-7',
      },
    } as unknown as PublicKeyCredential;
    const json = registrationToJSON(credential);
    expect(json.clientExtensionResults).toEqual({});
    expect(json.response).not.toHaveProperty('transports');
    expect(json.response).not.toHaveProperty('publicKeyAlgorithm');
    expect(json.response).toMatchObject({ authenticatorData: 'AQI', publicKey: 'Aw' });
  });

  it('encodes an assertion, with the user handle when there is one', () => {
    const credential = {
      id: 'AAE',
      rawId: buf(0, 1),
      type: 'public-key',
      authenticatorAttachment: 'cross-platform',
      getClientExtensionResults: () => ({}),
      response: {
        clientDataJSON: buf(0x7b, 0x7d),
        authenticatorData: buf(1, 2, 3),
        signature: buf(0x30, 0x06),
        userHandle: buf(0x75),
      },
    } as unknown as PublicKeyCredential;
    expect(authenticationToJSON(credential)).toEqual({
      id: 'AAE',
      rawId: 'AAE',
      type: 'public-key',
      response: {
        clientDataJSON: 'e30',
        authenticatorData: 'AQID',
        signature: 'MAY',
        userHandle: 'dQ',
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    });
  });

  it("uses the credential's toJSON() when the browser has it", () => {
    const json = { id: 'native' };
    const credential = { toJSON: () => json } as unknown as PublicKeyCredential;
    expect(registrationToJSON(credential)).toBe(json);
    expect(authenticationToJSON(credential)).toBe(json);
  });
});

/**
 * The kit's JWT reading on its own (jwt.ts): what `decodeJwt` takes as a JWT (three parts, a JSON
 * object in each of the first two) and that `verifyJwt` takes RS256 only, by `kid`, with a
 * signature over exactly what it was given. The pool relies on both to refuse tokens it did not
 * issue; these are what StrykerJS found no test for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToBase64url, textToBase64url } from './base64url.js';
import {
  createSigningKey,
  decodeJwt,
  type StoredSigningKey,
  signJwt,
  toPublicJwk,
  verifyJwt,
} from './jwt.js';

const part = (value: unknown) => textToBase64url(JSON.stringify(value));

/** A compact JWT whose header is `header`, signed with `key` by RS256 whatever the header says. */
async function signedAs(header: object, claims: object, key: StoredSigningKey) {
  const { alg: _alg, key_ops: _ops, ...jwk } = key.privateJwk;
  const privateKey = await globalThis.crypto.subtle.importKey(
    'jwk',
    jwk,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const input = `${part(header)}.${part(claims)}`;
  const signature = await globalThis.crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${bytesToBase64url(new Uint8Array(signature))}`;
}

describe('decodeJwt', () => {
  it('takes three parts whose first two are JSON objects', () => {
    expect(decodeJwt(`${part({ alg: 'RS256' })}.${part({ sub: 'a' })}.sig`)).toEqual({
      header: { alg: 'RS256' },
      claims: { sub: 'a' },
    });
  });

  it.each([
    ['two parts', `${part({ alg: 'RS256' })}.${part({ sub: 'a' })}`],
    ['four parts', `${part({ alg: 'RS256' })}.${part({ sub: 'a' })}.sig.more`],
    ['a header that is not JSON', `${textToBase64url('{alg')}.${part({ sub: 'a' })}.sig`],
    ['claims that are not JSON', `${part({ alg: 'RS256' })}.${textToBase64url('sub')}.sig`],
    ['a header that is an array', `${part(['RS256'])}.${part({ sub: 'a' })}.sig`],
    ['claims that are an array', `${part({ alg: 'RS256' })}.${part(['a'])}.sig`],
    ['claims that are null', `${part({ alg: 'RS256' })}.${part(null)}.sig`],
    ['a header that is a string', `${part('RS256')}.${part({ sub: 'a' })}.sig`],
  ])('refuses %s', (_, token) => {
    expect(decodeJwt(token)).toBeNull();
  });
});

describe('verifyJwt', () => {
  let key: StoredSigningKey;
  beforeAll(async () => {
    key = await createSigningKey();
  });

  it('takes an RS256 token of a known kid, and nothing that differs from it', async () => {
    const token = await signJwt({ sub: 'a' }, key);
    expect(await verifyJwt(token, [toPublicJwk(key)])).toEqual({ sub: 'a' });
    const other = await createSigningKey();
    expect(await verifyJwt(token, [toPublicJwk(other)])).toBeNull();
    expect(await verifyJwt(token, [{ ...toPublicJwk(other), kid: key.kid }])).toBeNull();
    expect(await verifyJwt(`${token.slice(0, -4)}AAAA`, [toPublicJwk(key)])).toBeNull();
  });

  it('refuses a header naming another algorithm, even when the RSA signature holds', async () => {
    const claims = { sub: 'a' };
    const jwks = [toPublicJwk(key)];
    expect(
      await verifyJwt(await signedAs({ kid: key.kid, alg: 'RS256' }, claims, key), jwks),
    ).toEqual(claims);
    for (const alg of ['HS256', 'none', 'RS512', undefined]) {
      expect(await verifyJwt(await signedAs({ kid: key.kid, alg }, claims, key), jwks)).toBeNull();
    }
  });
});

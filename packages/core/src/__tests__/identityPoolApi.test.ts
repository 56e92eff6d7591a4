/**
 * The identity pool's two calls on their own (providers/cognito/identityPoolApi.ts): how each
 * answer is read and how each refusal becomes a SessionError, against canned answers.
 */
import { describe, expect, it } from 'vitest';
import {
  getCredentialsForIdentity,
  getIdentityId,
  identityPoolRegion,
} from '../providers/cognito/identityPoolApi.js';
import type { ProviderContext } from '../providers/types.js';

const ENDPOINT = 'https://cognito-identity.eu-west-1.amazonaws.com/';
const NOW = Date.UTC(2026, 0, 1);

/** A context whose fetch answers `body` with `status` (JSON unless a string), recording requests. */
function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const context: ProviderContext = {
    fetch: (async (url: string, init: RequestInit) => {
      requests.push({ url, init });
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const type = typeof body === 'string' ? 'text/html' : 'application/x-amz-json-1.1';
      return new Response(text, { status, headers: { 'Content-Type': type, ...headers } });
    }) as typeof fetch,
    signal: new AbortController().signal,
    now: () => NOW,
  };
  return { context, requests };
}

const refusal = (type: string, message: string) => ({ __type: type, message });

describe('the identity pool API', () => {
  it('reads the region of an identity pool id, and nothing from anything else', () => {
    expect(identityPoolRegion('eu-west-1:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70')).toBe('eu-west-1');
    expect(identityPoolRegion('us-gov-west-1:0d6b8c5e')).toBe('us-gov-west-1');
    for (const id of [
      'eu-west-1_AbC123',
      'eu-west-1:',
      'x:0d6b',
      ' eu-west-1:0d6b',
      'eu-west-1:0d6b ',
    ]) {
      expect(identityPoolRegion(id), id).toBeUndefined();
    }
  });

  it('sends GetId as a JSON API call, with Logins only when there are some', async () => {
    const { context, requests } = answering(200, { IdentityId: 'eu-west-1:abc' });
    expect(await getIdentityId(context, ENDPOINT, 'eu-west-1:pool', undefined)).toBe(
      'eu-west-1:abc',
    );
    await getIdentityId(context, ENDPOINT, 'eu-west-1:pool', { login: 'token' });
    expect(requests.map(({ init }) => JSON.parse(String(init.body)))).toEqual([
      { IdentityPoolId: 'eu-west-1:pool' },
      { IdentityPoolId: 'eu-west-1:pool', Logins: { login: 'token' } },
    ]);
    expect(requests[0]?.url).toBe(ENDPOINT);
    expect(requests[0]?.init.headers).toEqual({
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityService.GetId',
    });
  });

  it('refuses answers that lack what they must carry', async () => {
    await expect(
      getIdentityId(answering(200, {}).context, ENDPOINT, 'eu-west-1:pool', undefined),
    ).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining('IdentityId'),
    });
    const complete = {
      AccessKeyId: 'ASIA1',
      SecretKey: 'secret',
      SessionToken: 'token',
      Expiration: 1767229200,
    };
    for (const missing of ['AccessKeyId', 'SecretKey', 'SessionToken', 'Expiration']) {
      const { [missing]: _gone, ...rest } = complete as Record<string, unknown>;
      const { context } = answering(200, { IdentityId: 'eu-west-1:abc', Credentials: rest });
      await expect(
        getCredentialsForIdentity(context, ENDPOINT, 'eu-west-1:abc', undefined),
        missing,
      ).rejects.toMatchObject({ code: 'invalid_response' });
    }
    const { context } = answering(200, { IdentityId: 'eu-west-1:abc' });
    await expect(
      getCredentialsForIdentity(context, ENDPOINT, 'eu-west-1:abc', undefined),
    ).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('reads Expiration in epoch seconds or as a date, and the identity the answer names', async () => {
    const credentials = { AccessKeyId: 'ASIA1', SecretKey: 'secret', SessionToken: 'token' };
    const seconds = answering(200, {
      IdentityId: 'eu-west-1:other',
      Credentials: { ...credentials, Expiration: 1767229200 },
    });
    expect(
      await getCredentialsForIdentity(seconds.context, ENDPOINT, 'eu-west-1:abc', { l: 't' }),
    ).toEqual({
      accessKeyId: 'ASIA1',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(1767229200_000),
      identityId: 'eu-west-1:other',
    });
    expect(JSON.parse(String(seconds.requests[0]?.init.body))).toEqual({
      IdentityId: 'eu-west-1:abc',
      Logins: { l: 't' },
    });
    const iso = answering(200, {
      Credentials: { ...credentials, Expiration: '2026-01-01T01:00:00Z' },
    });
    expect(
      await getCredentialsForIdentity(iso.context, ENDPOINT, 'eu-west-1:abc', undefined),
    ).toMatchObject({ expiration: new Date('2026-01-01T01:00:00Z'), identityId: 'eu-west-1:abc' });
  });

  it('classifies refusals: throttling, failures, configuration; Cognito’s words only in providerMessage', async () => {
    const cases: Array<[number, unknown, Record<string, string>, object]> = [
      [
        400,
        refusal('TooManyRequestsException', 'Rate exceeded'),
        {},
        { code: 'rate_limited', retryable: true, providerCode: 'TooManyRequestsException' },
      ],
      [
        400,
        refusal('LimitExceededException', 'Limit'),
        { 'Retry-After': '3' },
        { code: 'rate_limited', retryAfterMs: 3000 },
      ],
      [429, 'Too many', {}, { code: 'rate_limited', message: expect.stringContaining('HTTP 429') }],
      [500, refusal('InternalErrorException', 'Oops'), {}, { code: 'provider', retryable: true }],
      [400, refusal('ExternalServiceException', 'Down'), {}, { code: 'provider', retryable: true }],
      [400, refusal('InternalErrorException', 'Oops'), {}, { code: 'provider', retryable: true }],
      [
        503,
        'Unavailable',
        {},
        { code: 'provider', retryable: true, message: expect.stringContaining('HTTP 503') },
      ],
      [
        500,
        '<html>Bad gateway</html>',
        {},
        { code: 'provider', retryable: true, message: expect.stringContaining('HTTP 500') },
      ],
      [
        400,
        refusal(
          'NotAuthorizedException',
          'Unauthenticated access is not supported for this identity pool.',
        ),
        {},
        {
          code: 'provider',
          message: expect.stringContaining('guests'),
          providerMessage: 'Unauthenticated access is not supported for this identity pool.',
        },
      ],
      [
        400,
        refusal('NotAuthorizedException', 'Invalid login token. Not a valid token.'),
        {},
        { code: 'provider', message: expect.stringContaining('trusts this user pool') },
      ],
      [
        400,
        refusal('ResourceNotFoundException', "IdentityPool 'x' not found."),
        {},
        { code: 'provider', message: expect.stringContaining('not found') },
      ],
      [
        400,
        refusal('InvalidParameterException', 'Bad'),
        {},
        {
          code: 'provider',
          message: expect.stringContaining('refused the request (InvalidParameterException)'),
        },
      ],
    ];
    for (const [status, body, headers, expected] of cases) {
      const { context } = answering(status, body, headers);
      const error = await getIdentityId(context, ENDPOINT, 'eu-west-1:pool', {
        l: 'secret-token',
      }).then(
        () => null,
        (reason: unknown) => reason as Error,
      );
      expect(error, JSON.stringify(body)).toMatchObject(expected);
      expect(error?.message).not.toContain('secret-token');
      expect(error?.message).not.toMatch(/Rate exceeded|Oops|Down|Invalid login token/);
    }
    // A refusal that is retryable only when it says so.
    const { context } = answering(400, refusal('InvalidParameterException', 'Bad'));
    await expect(getIdentityId(context, ENDPOINT, 'p', undefined)).rejects.not.toMatchObject({
      retryable: true,
    });
  });

  it('keeps only words that are words, a Retry-After only when sent, and names the call a body broke', async () => {
    const refused = (status: number, body: unknown) =>
      getIdentityId(answering(status, body).context, ENDPOINT, 'eu-west-1:pool', undefined).then(
        () => null,
        (reason: unknown) => reason as Record<string, unknown>,
      );
    const numeric = await refused(400, { __type: 'InvalidParameterException', message: 42 });
    expect(numeric).toMatchObject({ providerCode: 'InvalidParameterException' });
    expect(numeric?.providerMessage).toBeUndefined();
    const throttled = await refused(400, refusal('TooManyRequestsException', 'Rate exceeded'));
    expect(throttled).toMatchObject({ code: 'rate_limited' });
    expect(throttled?.retryAfterMs).toBeUndefined();
    // Only a NotAuthorizedException about guests is about guests.
    const missing = await refused(
      400,
      refusal('ResourceNotFoundException', 'Unauthenticated identity not found.'),
    );
    expect(missing?.message).toBe(
      'The identity pool or identity was not found (ResourceNotFoundException).',
    );
    await expect(refused(200, 'not json')).resolves.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining(
        'The identity pool answered GetId with a body that is not JSON',
      ),
    });
    const { context } = answering(200, { Credentials: { AccessKeyId: 'ASIA1' } });
    await expect(
      getCredentialsForIdentity(context, ENDPOINT, 'eu-west-1:abc', undefined),
    ).rejects.toMatchObject({
      message: expect.stringContaining(
        "The identity pool's GetCredentialsForIdentity answer lacks its credentials or their expiration",
      ),
    });
  });
});

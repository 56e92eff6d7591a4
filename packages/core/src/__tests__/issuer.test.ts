import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cognito } from '../providers/cognito/cognito.js';
import { mintTokens } from '../testing/index.js';
import {
  advance,
  CLIENT_ID,
  issue,
  rememberTokens,
  requestsOf,
  startPool,
  startSession,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';

const ORIGINAL = `https://cognito-idp.eu-west-1.amazonaws.com/${USER_POOL_ID}`;
const UPDATED = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${USER_POOL_ID}`;

describe("a pool's issuers", () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('accepts and refreshes tokens of a pool whose issuer configuration is UPDATED', async () => {
    const pool = await startPool({ issuer: 'updated', tokenLifetimeSeconds: 3600 });
    expect(pool.issuer).toBe(UPDATED);
    const { session, recorder } = startSession();
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    const state = session.getState();
    expect(state.status === 'signedIn' && state.user.iss).toBe(UPDATED);
    await advance(3_600_000 - 60_000);
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
    const refreshed = session.getState();
    expect(refreshed.status === 'signedIn' && refreshed.tokens.accessToken).not.toBe(
      tokens.accessToken,
    );
    expect(recorder.of('error')).toEqual([]);
  });

  it.each([
    [
      'another pool (original form)',
      `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other1`,
    ],
    [
      'another pool (updated form)',
      `https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other1`,
    ],
    ['another region', `https://issuer-cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`],
    ['another host', `https://cognito-idp.eu-west-1.example.com/${USER_POOL_ID}`],
    ['plain http', `http://cognito-idp.eu-west-1.amazonaws.com/${USER_POOL_ID}`],
  ])('refuses tokens issued by %s with invalid_token', async (_, iss) => {
    const tokens = await mintTokens(
      {},
      {
        region: 'eu-west-1',
        userPoolId: USER_POOL_ID,
        clientId: CLIENT_ID,
        idClaims: { iss },
        accessClaims: { iss },
      },
    );
    rememberTokens(tokens);
    const { session } = startSession();
    await expect(session.setTokens(tokens)).rejects.toMatchObject({
      code: 'invalid_token',
      message: 'The ID token comes from another issuer (iss).',
    });
    expect(session.getState().status).toBe('signedOut');
  });

  it('refuses an access token from the other issuer form than its ID token', async () => {
    const tokens = await mintTokens(
      {},
      {
        region: 'eu-west-1',
        userPoolId: USER_POOL_ID,
        clientId: CLIENT_ID,
        idClaims: { iss: ORIGINAL },
        accessClaims: { iss: UPDATED },
      },
    );
    rememberTokens(tokens);
    const { session } = startSession();
    await expect(session.setTokens(tokens)).rejects.toMatchObject({
      code: 'invalid_token',
      message: 'The access token comes from another issuer (iss).',
    });
  });
});

describe('cognito() settings', () => {
  it('derives the region from the pool id, and accepts exactly the pool’s two issuers', () => {
    const provider = cognito({ userPoolId: 'ap-southeast-2_AbC123', clientId: 'client' });
    expect(provider.region).toBe('ap-southeast-2');
    expect(provider.endpoint).toBe('https://cognito-idp.ap-southeast-2.amazonaws.com/');
    expect(provider.issuers).toEqual([
      'https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_AbC123',
      'https://issuer-cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_AbC123',
    ]);
    const gov = cognito({ userPoolId: 'us-gov-west-1_AbC123', clientId: 'client' });
    expect(gov.region).toBe('us-gov-west-1');
    const china = cognito({ userPoolId: 'cn-north-1_AbC123', clientId: 'client' });
    expect(china.issuers).toContain(
      'https://issuer-cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC123',
    );
  });

  it('keeps an explicit region for the endpoint, and the updated issuer in the primary region', () => {
    const provider = cognito({
      region: 'eu-central-1',
      userPoolId: 'eu-west-1_AbC123',
      clientId: 'client',
    });
    expect(provider.endpoint).toBe('https://cognito-idp.eu-central-1.amazonaws.com/');
    expect(provider.issuers).toContain(
      'https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
    );
  });

  it('an issuer option (emulators) is the only one accepted', () => {
    const provider = cognito({
      userPoolId: 'local_pool',
      region: 'local',
      clientId: 'client',
      issuer: 'http://localhost:9229/local_pool',
    });
    expect(provider.issuers).toEqual(['http://localhost:9229/local_pool']);
  });

  it('asks for the region when the pool id does not name one', () => {
    expect(() => cognito({ userPoolId: 'local_pool', clientId: 'client' })).toThrow(
      'cognito(): "local_pool" is not a pool id like "eu-west-1_AbC123"; pass "region" too.',
    );
  });
});

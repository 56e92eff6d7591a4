import { describe, expect, it } from 'vitest';
import { cognito, createSession, memoryStorage, signInWithPassword } from '../index.js';
import {
  ALICE,
  API_URL,
  callApi,
  POOL_CONFIG,
  postForm,
  setupPoolServer,
  type WireAnswer,
} from './cognitoTestClient.js';
import { createFakeUserPool, DEFAULT_EXPLICIT_AUTH_FLOWS } from './createFakeUserPool.js';
import type { ExplicitAuthFlow } from './fakePoolTypes.js';
import { createMemoryPoolStore, type PoolStore } from './poolState.js';

const { server } = setupPoolServer();
const { explicitAuthFlows: _testFlows, ...BASE_CONFIG } = POOL_CONFIG;

const ALL_FLOWS: readonly ExplicitAuthFlow[] = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
];

/** A pool with the given flows (AWS's default when `flows` is undefined), its store at hand. */
async function startPool(flows?: readonly ExplicitAuthFlow[]) {
  const store = createMemoryPoolStore();
  const pool = createFakeUserPool({
    ...BASE_CONFIG,
    storage: store,
    ...(flows ? { explicitAuthFlows: flows } : {}),
  });
  server.use(...pool.handlers);
  await pool.addUser(ALICE);
  return { pool, store };
}

/** Everything the pool keeps but its signing keys, as JSON. */
function snapshot(store: PoolStore): Promise<string> {
  return store.transact(({ signingKeys: _keys, ...state }) => JSON.stringify(state));
}

function initiateAuth(authFlow: string, parameters: Record<string, string>): Promise<WireAnswer> {
  return callApi('InitiateAuth', {
    AuthFlow: authFlow,
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: parameters,
  });
}

function expectRefusal(answer: WireAnswer, message: string) {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  expect(answer.headers.get('x-amzn-errortype')).toBe('InvalidParameterException:');
  expect(answer.json).toEqual({ __type: 'InvalidParameterException', message });
}

const PASSWORD = { USERNAME: ALICE.username, PASSWORD: ALICE.password };

/** Each InitiateAuth flow, the setting that allows it, and Cognito's refusal without it. */
const FLOWS = [
  {
    flow: 'USER_PASSWORD_AUTH',
    setting: 'ALLOW_USER_PASSWORD_AUTH',
    message: 'USER_PASSWORD_AUTH flow not enabled for this client',
  },
  {
    flow: 'USER_SRP_AUTH',
    setting: 'ALLOW_USER_SRP_AUTH',
    message: 'USER_SRP_AUTH is not enabled for the client.',
  },
  {
    flow: 'CUSTOM_AUTH',
    setting: 'ALLOW_CUSTOM_AUTH',
    message: 'CUSTOM_AUTH is not enabled for the client.',
  },
  {
    flow: 'REFRESH_TOKEN_AUTH',
    setting: 'ALLOW_REFRESH_TOKEN_AUTH',
    message: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
  },
  {
    flow: 'REFRESH_TOKEN',
    setting: 'ALLOW_REFRESH_TOKEN_AUTH',
    message: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
  },
  {
    flow: 'USER_AUTH',
    setting: 'ALLOW_USER_AUTH',
    message: 'USER_AUTH flow not enabled for this client',
  },
] as const;

/** Parameters that would work for `flow` (a real refresh token for the refresh flows). */
async function parametersFor(
  flow: string,
  pool: Awaited<ReturnType<typeof startPool>>['pool'],
): Promise<Record<string, string>> {
  if (flow.startsWith('REFRESH_TOKEN')) {
    const { refreshToken } = await pool.issueTokens(ALICE.username);
    return { REFRESH_TOKEN: refreshToken ?? '' };
  }
  if (flow === 'USER_PASSWORD_AUTH') return PASSWORD;
  return { USERNAME: ALICE.username, SRP_A: 'ab'.repeat(384) };
}

describe('explicitAuthFlows', () => {
  it("defaults to AWS's flows for a client created without them: SRP, refresh and custom", async () => {
    expect(DEFAULT_EXPLICIT_AUTH_FLOWS).toEqual([
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_CUSTOM_AUTH',
    ]);
    const { pool } = await startPool();
    expectRefusal(
      await initiateAuth('USER_PASSWORD_AUTH', PASSWORD),
      'USER_PASSWORD_AUTH flow not enabled for this client',
    );
    expectRefusal(
      await initiateAuth('USER_AUTH', { USERNAME: ALICE.username }),
      'USER_AUTH flow not enabled for this client',
    );
    const refreshed = await initiateAuth(
      'REFRESH_TOKEN_AUTH',
      await parametersFor('REFRESH_TOKEN_AUTH', pool),
    );
    expect(refreshed.status).toBe(200);
    for (const flow of ['USER_SRP_AUTH', 'CUSTOM_AUTH']) {
      const answer = await initiateAuth(flow, await parametersFor(flow, pool));
      expect(answer.json?.message ?? '').not.toMatch(/not enabled/);
    }
  });

  it.each(FLOWS)(
    "refuses $flow without $setting with Cognito's error, changing nothing",
    async ({ flow, setting, message }) => {
      const { pool, store } = await startPool(ALL_FLOWS.filter((allowed) => allowed !== setting));
      const parameters = await parametersFor(flow, pool);
      const before = await snapshot(store);

      expectRefusal(await initiateAuth(flow, parameters), message);
      expect(await snapshot(store)).toBe(before);
      expect(pool.requests.at(-1)).toMatchObject({ operation: 'InitiateAuth', url: API_URL });
    },
  );

  it.each(FLOWS)(
    'lets $flow through when the client allows $setting',
    async ({ flow, setting, message }) => {
      const { pool } = await startPool([setting]);
      const answer = await initiateAuth(flow, await parametersFor(flow, pool));
      expect(answer.json?.message ?? '').not.toBe(message);
      if (flow === 'USER_PASSWORD_AUTH' || flow.startsWith('REFRESH_TOKEN')) {
        expect(answer.status).toBe(200);
        expect(answer.json.AuthenticationResult.AccessToken).toEqual(expect.any(String));
      }
    },
  );

  it('gates only InitiateAuth: GetTokensFromRefreshToken and the /oauth2/token grant refresh without ALLOW_REFRESH_TOKEN_AUTH', async () => {
    const { pool } = await startPool(['ALLOW_USER_SRP_AUTH']);
    const { refreshToken } = await pool.issueTokens(ALICE.username);
    const viaApi = await callApi('GetTokensFromRefreshToken', {
      ClientId: POOL_CONFIG.clientId,
      RefreshToken: refreshToken,
    });
    expect(viaApi.status).toBe(200);
    expect(viaApi.json.AuthenticationResult.IdToken).toEqual(expect.any(String));
    const viaDomain = await postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: POOL_CONFIG.clientId,
      refresh_token: refreshToken ?? '',
    });
    expect(viaDomain.status).toBe(200);
    expect(viaDomain.json.access_token).toEqual(expect.any(String));
  });

  it('keeps refusing REFRESH_TOKEN_AUTH on a rotating client as before', async () => {
    const store = createMemoryPoolStore();
    const pool = createFakeUserPool({ ...BASE_CONFIG, storage: store, refreshTokenRotation: true });
    server.use(...pool.handlers);
    await pool.addUser(ALICE);
    const { refreshToken } = await pool.issueTokens(ALICE.username);
    expectRefusal(
      await initiateAuth('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refreshToken ?? '' }),
      'Auth flow not enabled for this client',
    );
  });
});

describe('through sessionkit', () => {
  it('signInWithPassword with USER_PASSWORD_AUTH on an SRP-only client fails naming ALLOW_USER_PASSWORD_AUTH', async () => {
    const { pool } = await startPool(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    const session = createSession({
      provider: cognito({
        region: POOL_CONFIG.region,
        userPoolId: POOL_CONFIG.userPoolId,
        clientId: POOL_CONFIG.clientId,
      }),
      storage: memoryStorage(),
    });
    try {
      const attempt = signInWithPassword(session, ALICE.username, ALICE.password, {
        authFlow: 'USER_PASSWORD_AUTH',
      });
      await expect(attempt).rejects.toMatchObject({
        name: 'SessionError',
        code: 'provider',
        providerCode: 'InvalidParameterException',
      });
      await expect(attempt).rejects.toThrow(
        'turn on ALLOW_USER_PASSWORD_AUTH in its authentication flows',
      );
      expect(session.getState().status).toBe('signedOut');
      expect(pool.requests.map((request) => request.operation)).toEqual(['InitiateAuth']);
    } finally {
      session.dispose();
    }
  });

  it('refuses a flow it does not know, or one that is not a string, as a flow the client lacks', async () => {
    await startPool(ALL_FLOWS);
    for (const AuthFlow of ['USER_PASSWORD', 42, 'toString']) {
      const answer = await callApi('InitiateAuth', {
        AuthFlow,
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
      });
      expect(answer.json).toEqual({
        __type: 'InvalidParameterException',
        message: 'Auth flow not enabled for this client',
      });
    }
  });

  it('refuses a missing or empty ClientId as missing, and names a client it does not know', async () => {
    await startPool();
    const missing = {
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    };
    const initiate = (ClientId?: string) =>
      callApi('InitiateAuth', {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId,
        AuthParameters: { USERNAME: ALICE.username, SRP_A: 'ab' },
      });
    expect((await initiate()).json).toEqual(missing);
    expect((await initiate('')).json).toEqual(missing);
    expect((await initiate('unknown-client')).json).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'User pool client unknown-client does not exist.',
    });
  });
});

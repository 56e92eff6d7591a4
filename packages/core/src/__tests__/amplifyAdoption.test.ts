// @vitest-environment jsdom
/**
 * Issue 14's done-when: a real aws-amplify v6 signs in against the fake pool in a browser-like
 * page (jsdom: window, localStorage; Node's fetch goes to MSW), then sessionkit adopts that
 * session with no request, refreshes it, and Amplify's keys are gone.
 */
import { Amplify } from 'aws-amplify';
import { getCurrentUser, signIn, signInWithRedirect } from 'aws-amplify/auth';
import { beforeEach, describe, expect, it } from 'vitest';
import { adoptAmplifySession } from '../flows/adoptAmplifySession.js';
import { internalsOf } from '../session/internals.js';
import { deviceStore } from '../storage/deviceStore.js';
import type { TokenSet } from '../types.js';
import { configureAmplifyHostedUi } from './amplifyHarness.js';
import {
  CLIENT_ID,
  followRedirect,
  REGION,
  rememberTokens,
  requestsOf,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
  useMsw,
} from './harness.js';
import { publicTokens } from './tokenAudit.js';

useMsw();

const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}.`;

/** Every localStorage key Amplify keeps for the app client. */
function amplifyKeys(): string[] {
  return Object.keys(localStorage).filter((key) => key.startsWith(PREFIX));
}

/** The tokens Amplify stored for the user, remembered for the token audit. */
function amplifyTokens(username: string): TokenSet {
  const read = (name: string) => localStorage.getItem(`${PREFIX}${username}.${name}`) ?? '';
  const tokens = {
    idToken: read('idToken'),
    accessToken: read('accessToken'),
    refreshToken: read('refreshToken'),
  };
  rememberTokens(tokens);
  return tokens;
}

beforeEach(() => {
  localStorage.clear();
  // Amplify calls https://cognito-idp.<region of the pool id>.amazonaws.com/, where the pool is.
  expect(USER_POOL_ID.startsWith(`${REGION}_`)).toBe(true);
  Amplify.configure({
    Auth: { Cognito: { userPoolId: USER_POOL_ID, userPoolClientId: CLIENT_ID } },
  });
});

describe('adopting a session aws-amplify v6 signed in', () => {
  it('adopts it with no request, refreshes it, and leaves Amplify signed out', async () => {
    const pool = await startPool();
    const signedIn = await signIn({ username: USER.username, password: USER.password });
    expect(signedIn).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    // Amplify signed in with SRP and wrote its keys.
    expect(pool.requests.map((request) => request.operation)).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge',
    ]);
    expect(pool.requests[0]?.body).toMatchObject({ AuthFlow: 'USER_SRP_AUTH' });
    expect(localStorage.getItem(`${PREFIX}LastAuthUser`)).toBe(USER.username);
    const tokens = amplifyTokens(USER.username);
    expect(amplifyKeys().length).toBeGreaterThanOrEqual(4);

    const { session, recorder } = startSession();
    const requestsBefore = pool.requests.length;
    const result = await adoptAmplifySession(session);

    expect(pool.requests).toHaveLength(requestsBefore);
    expect(result).toMatchObject({ adopted: true, refreshed: false, device: false });
    const state = session.getState();
    if (state.status !== 'signedIn') throw new Error(`expected signedIn, got ${state.status}`);
    expect(state.tokens).toEqual(publicTokens(tokens));
    expect(state.user['cognito:username']).toBe(USER.username);
    expect(result.adopted && result.user.sub).toBe(state.user.sub);
    expect(recorder.of('signedIn')).toHaveLength(1);
    expect(amplifyKeys()).toEqual([]);
    await expect(getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });

    const refreshed = await session.refresh();
    expect(refreshed.status).toBe('signedIn');
    if (refreshed.status === 'signedIn') rememberTokens(refreshed.tokens);
    const refreshes = requestsOf(pool, 'GetTokensFromRefreshToken');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.body).toMatchObject({
      ClientId: CLIENT_ID,
      RefreshToken: tokens.refreshToken,
    });
    expect(refreshed.status === 'signedIn' && refreshed.user.sub).toBe(state.user.sub);
  });

  it('adopts a session Amplify signed in through the hosted UI, its username from the access token', async () => {
    const callback = configureAmplifyHostedUi();
    const pool = await startPool({ callbackUrls: [callback] });
    // The trip to the hosted UI: the kit's redirect followed back to the app (redirectAmplify).
    const authSessionOpener = async (url: string) => ({
      type: 'success' as const,
      url: await followRedirect(url),
    });
    await signInWithRedirect({ options: { authSessionOpener } });
    const { userId, username } = await getCurrentUser();
    // After a redirect sign-in Amplify keys the session by the access token's `username`.
    expect(localStorage.getItem(`${PREFIX}LastAuthUser`)).toBe(username);
    const tokens = amplifyTokens(username);

    const { session } = startSession();
    const result = await adoptAmplifySession(session);

    expect(result).toMatchObject({ adopted: true, refreshed: false, device: false });
    const state = session.getState();
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(tokens));
    expect(state.status === 'signedIn' && state.user.sub).toBe(userId);
    // Its keys are gone, the hosted-UI flag (oauthSignIn) with them.
    expect(amplifyKeys()).toEqual([]);
    const refreshed = await session.refresh();
    if (refreshed.status === 'signedIn') rememberTokens(refreshed.tokens);
    expect(refreshed.status).toBe('signedIn');
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
  });

  it('moves the device Amplify confirmed to the session and refreshes with its key', async () => {
    const pool = await startPool({ deviceTracking: 'always' });
    await signIn({ username: USER.username, password: USER.password });
    // Amplify confirmed the device Cognito handed out and keeps its key, group and password.
    expect(pool.requests.map((request) => request.operation)).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge',
      'ConfirmDevice',
    ]);
    const read = (name: string) => localStorage.getItem(`${PREFIX}${USER.username}.${name}`);
    const device = {
      deviceKey: read('deviceKey') ?? '',
      deviceGroupKey: read('deviceGroupKey') ?? '',
      devicePassword: read('randomPasswordKey') ?? '',
    };
    expect(Object.values(device).every((value) => value.length > 0)).toBe(true);
    expect(await pool.devices(USER.username)).toMatchObject([
      { deviceKey: device.deviceKey, confirmed: true },
    ]);
    const tokens = amplifyTokens(USER.username);

    const { session } = startSession();
    const requestsBefore = pool.requests.length;
    const result = await adoptAmplifySession(session);

    expect(pool.requests).toHaveLength(requestsBefore);
    expect(result).toMatchObject({ adopted: true, refreshed: false, device: true });
    expect(await deviceStore(internalsOf(session), USER_POOL_ID).load(USER.username)).toEqual(
      device,
    );
    expect(amplifyKeys()).toEqual([]);
    const state = session.getState();
    expect(state.status === 'signedIn' && state.accessClaims.device_key).toBe(device.deviceKey);

    const refreshed = await session.refresh();
    if (refreshed.status === 'signedIn') rememberTokens(refreshed.tokens);
    expect(refreshed.status).toBe('signedIn');
    expect(requestsOf(pool, 'GetTokensFromRefreshToken').map((request) => request.body)).toEqual([
      expect.objectContaining({ RefreshToken: tokens.refreshToken, DeviceKey: device.deviceKey }),
    ]);
  });

  it('refreshes, with the device key, a session Amplify signed in 20 minutes before', async () => {
    let offsetMs = 0; // the pool's and the session's clock; Amplify's stays on Date.now
    const now = () => Date.now() + offsetMs;
    const pool = await startPool({ deviceTracking: 'always', now });
    await signIn({ username: USER.username, password: USER.password });
    const deviceKey = localStorage.getItem(`${PREFIX}${USER.username}.deviceKey`);
    const tokens = amplifyTokens(USER.username);
    offsetMs = 20 * 60_000;

    const { session } = startSession({ now });
    const requestsBefore = pool.requests.length;
    const result = await adoptAmplifySession(session);

    expect(result).toMatchObject({ adopted: true, refreshed: true, device: true });
    expect(pool.requests.slice(requestsBefore).map((request) => request.body)).toEqual([
      expect.objectContaining({ RefreshToken: tokens.refreshToken, DeviceKey: deviceKey }),
    ]);
    const state = session.getState();
    if (state.status !== 'signedIn') throw new Error(`expected signedIn, got ${state.status}`);
    rememberTokens(state.tokens);
    expect(state.tokens.accessToken).not.toBe(tokens.accessToken);
    expect(state.expiresAt - now()).toBeGreaterThan(59 * 60_000);
    expect(amplifyKeys()).toEqual([]);
  });
});

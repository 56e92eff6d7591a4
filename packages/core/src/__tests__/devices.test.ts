/**
 * rememberDevice, forgetDevice and listDevices (flows/devices.ts) against the testing kit: the
 * requests they put on the wire, what they return, and how they fail.
 */
import { describe, expect, it } from 'vitest';
import {
  createSession,
  forgetDevice,
  listDevices,
  oidc,
  rememberDevice,
  signInWithPassword,
} from '../index.js';
import type { Session } from '../session.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import {
  rememberTokens,
  requestsOf,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
  useMsw,
} from './harness.js';

const deviceItem = `sessionkit-device:${USER_POOL_ID}:${USER.username}`;

/** A session of the test user signed in on a pool that tracks devices; its device and storage. */
async function signedInBrowser(storage: TokenStorage = memoryStorage()) {
  const { session } = startSession({ storage });
  const result = await signInWithPassword(session, USER.username, USER.password, {
    deviceName: 'Browser',
  });
  const state = session.getState();
  if (result.status !== 'signedIn' || state.status !== 'signedIn' || !result.device) {
    throw new Error('sign-in without a device');
  }
  rememberTokens(state.tokens);
  return { session, storage, deviceKey: result.device.key, accessToken: state.tokens.accessToken };
}

async function signedOutSession(): Promise<Session> {
  const { session } = startSession();
  await session.ready;
  return session;
}

describe('device functions', () => {
  useMsw();

  it('rememberDevice sends UpdateDeviceStatus remembered for this device with the access token', async () => {
    const pool = await startPool({ deviceTracking: 'userOptIn' });
    const { session, deviceKey, accessToken } = await signedInBrowser();
    expect(await pool.devices(USER.username)).toEqual([
      expect.objectContaining({ deviceKey, remembered: false }),
    ]);
    await rememberDevice(session);
    expect(requestsOf(pool, 'UpdateDeviceStatus')).toEqual([
      expect.objectContaining({
        headers: expect.objectContaining({
          'x-amz-target': 'AWSCognitoIdentityProviderService.UpdateDeviceStatus',
          'content-type': 'application/x-amz-json-1.1',
          'cache-control': 'no-store',
        }),
        body: {
          AccessToken: accessToken,
          DeviceKey: deviceKey,
          DeviceRememberedStatus: 'remembered',
        },
      }),
    ]);
    expect(await pool.devices(USER.username)).toEqual([
      expect.objectContaining({ deviceKey, remembered: true }),
    ]);
  });

  it('listDevices lists the remembered devices, typed, a page at a time', async () => {
    const pool = await startPool({ deviceTracking: 'always' });
    const first = await signedInBrowser();
    const second = await signedInBrowser();
    const page = await listDevices(second.session, { limit: 1 });
    expect(requestsOf(pool, 'ListDevices').map((request) => request.body)).toEqual([
      { AccessToken: second.accessToken, Limit: 1 },
    ]);
    expect(page).toEqual({
      devices: [
        {
          key: first.deviceKey,
          name: 'Browser',
          attributes: {
            device_status: 'valid',
            device_name: 'Browser',
            'dev:device_remembered_status': 'remembered',
          },
          remembered: true,
          createdAt: expect.any(Date),
          lastModifiedAt: expect.any(Date),
          lastAuthenticatedAt: expect.any(Date),
        },
      ],
      paginationToken: expect.any(String),
    });
    expect(Math.abs((page.devices[0]?.createdAt?.getTime() ?? 0) - Date.now())).toBeLessThan(
      60_000,
    );
    const next = await listDevices(second.session, {
      limit: 1,
      paginationToken: page.paginationToken ?? '',
    });
    expect(requestsOf(pool, 'ListDevices')[1]?.body).toEqual({
      AccessToken: second.accessToken,
      Limit: 1,
      PaginationToken: page.paginationToken,
    });
    expect(next.devices.map((device) => device.key)).toEqual([second.deviceKey]);
    expect(next).not.toHaveProperty('paginationToken');
    // Without options: no Limit, the pool's default page.
    expect((await listDevices(first.session)).devices).toHaveLength(2);
    expect(requestsOf(pool, 'ListDevices')[2]?.body).toEqual({ AccessToken: first.accessToken });
  });

  it('forgetDevice forgets this device at Cognito and in storage; another one by its key', async () => {
    const pool = await startPool({ deviceTracking: 'always' });
    const other = await signedInBrowser();
    const { session, storage, deviceKey, accessToken } = await signedInBrowser();
    expect(await storage.get(deviceItem)).toMatchObject({ deviceKey });

    await forgetDevice(session, other.deviceKey);
    expect(requestsOf(pool, 'ForgetDevice').map((request) => request.body)).toEqual([
      { AccessToken: accessToken, DeviceKey: other.deviceKey },
    ]);
    // Another device: this browser's stays.
    expect(await storage.get(deviceItem)).toMatchObject({ deviceKey });
    expect(await other.storage.get(deviceItem)).toMatchObject({ deviceKey: other.deviceKey });

    await forgetDevice(session);
    expect(requestsOf(pool, 'ForgetDevice')[1]?.body).toEqual({
      AccessToken: accessToken,
      DeviceKey: deviceKey,
    });
    expect(await storage.get(deviceItem)).toBeUndefined();
    expect(await pool.devices(USER.username)).toEqual([]);
    // This device once more: Cognito no longer knows it, which is what was asked.
    await expect(forgetDevice(session)).resolves.toBeUndefined();
    // Another unknown device is an error that says what to do.
    await expect(forgetDevice(session, other.deviceKey)).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'ResourceNotFoundException',
      message: expect.stringContaining('listDevices()'),
    });
  });

  it('reject with signed_out when nobody is signed in, sending nothing', async () => {
    const pool = await startPool({ deviceTracking: 'always' });
    const session = await signedOutSession();
    for (const call of [
      () => rememberDevice(session),
      () => forgetDevice(session),
      () => forgetDevice(session, 'eu-west-1_00000000-0000-0000-0000-000000000000'),
      () => listDevices(session),
    ]) {
      await expect(call()).rejects.toMatchObject({ name: 'SessionError', code: 'signed_out' });
    }
    expect(pool.requests).toEqual([]);
  });

  it('reject clearly without a device, with another provider, or with a refused access token', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await signInWithPassword(session, USER.username, USER.password);
    await expect(rememberDevice(session)).rejects.toMatchObject({
      code: 'provider',
      message: expect.stringContaining('no device'),
    });

    const oidcSession = createSession({
      provider: oidc({
        issuer: 'https://id.example.com',
        clientId: 'c',
        redirectUri: 'https://a.example.com/',
      }),
      storage: memoryStorage(),
    });
    await expect(listDevices(oidcSession)).rejects.toMatchObject({
      code: 'provider',
      message: expect.stringContaining('cognito()'),
    });
    oidcSession.dispose();

    await pool.revokeAll(USER.username);
    await expect(listDevices(session)).rejects.toMatchObject({
      code: 'invalid_token',
      providerCode: 'NotAuthorizedException',
      message: expect.stringContaining('sign in again'),
    });
  });
});

/**
 * The fake pool's device tracking on the wire (docs/cognito-wire.md section 7): NewDeviceMetadata,
 * device-bound refresh tokens, ConfirmDevice / UpdateDeviceStatus / ForgetDevice / ListDevices and
 * the DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER proof, in Cognito's shapes and errors.
 */
import { describe, expect, it } from 'vitest';
import { createDevicePassword } from '../providers/cognito/deviceSrp.js';
import {
  ALICE,
  callApi,
  claimsOf,
  createClock,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';
import {
  confirmedDevice,
  expectApiError,
  MFA_USER,
  proveDevice,
  signInAs,
  challengedByDevice as signInByDevice,
} from './deviceTestClient.js';
import type { DeviceTracking } from './fakePoolTypes.js';

const { usePool } = setupPoolServer();
const clientId = POOL_CONFIG.clientId;
const CAROL = { username: 'carol', password: 'Carol-Pass-1' };

async function poolTracking(deviceTracking: DeviceTracking) {
  const clock = createClock();
  const pool = usePool({ deviceTracking, now: clock.now });
  await pool.addUser({ ...ALICE });
  await pool.addUser({ ...MFA_USER, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: MFA_USER.code } });
  await pool.addUser({ ...CAROL });
  return { pool, clock };
}

type Result = Awaited<ReturnType<typeof signIn>> & {
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
};

describe('device tracking: sign-in and refresh', () => {
  it('is off by default: no NewDeviceMetadata, no device_key, refresh as before', async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE });
    const result = (await signIn()) as Result;
    expect(result.NewDeviceMetadata).toBeUndefined();
    expect(claimsOf(result.AccessToken)).not.toHaveProperty('device_key');
    expect(await pool.devices(ALICE.username)).toEqual([]);
  });

  it('hands out a device with the tokens, binds them to it, and refuses a refresh without its key', async () => {
    const { pool } = await poolTracking('always');
    const result = (await signIn()) as Result;
    expect(result.NewDeviceMetadata).toEqual({
      DeviceKey: expect.stringMatching(/^eu-west-1_[0-9a-f-]{36}$/),
      DeviceGroupKey: expect.any(String),
    });
    const deviceKey = result.NewDeviceMetadata?.DeviceKey;
    expect(claimsOf(result.AccessToken).device_key).toBe(deviceKey);
    expect(await pool.devices(ALICE.username)).toEqual([
      expect.objectContaining({ deviceKey, confirmed: false, remembered: false }),
    ]);

    for (const DeviceKey of [undefined, 'eu-west-1_00000000-0000-0000-0000-000000000000']) {
      const refused = await callApi('GetTokensFromRefreshToken', {
        ClientId: clientId,
        RefreshToken: result.RefreshToken,
        DeviceKey,
      });
      expectApiError(refused, 'NotAuthorizedException', 'Invalid Refresh Token.');
      const refusedAuth = await callApi('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken, DEVICE_KEY: DeviceKey },
      });
      expectApiError(refusedAuth, 'NotAuthorizedException', 'Invalid Refresh Token.');
    }
    const refreshed = await callApi('GetTokensFromRefreshToken', {
      ClientId: clientId,
      RefreshToken: result.RefreshToken,
      DeviceKey: deviceKey,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.AuthenticationResult).not.toHaveProperty('NewDeviceMetadata');
    expect(claimsOf(refreshed.json.AuthenticationResult.AccessToken).device_key).toBe(deviceKey);
    const viaInitiateAuth = await callApi('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: result.RefreshToken, DEVICE_KEY: deviceKey },
    });
    expect(viaInitiateAuth.status).toBe(200);
  });

  it('hands out no new device to a sign-in that presents a known one, and refuses an unknown one', async () => {
    const { pool } = await poolTracking('always');
    const { device } = await confirmedDevice();
    const again = await signInAs(ALICE, device.deviceKey);
    expect(again.status).toBe(200);
    expect(again.json.AuthenticationResult).not.toHaveProperty('NewDeviceMetadata');
    expect(claimsOf(again.json.AuthenticationResult.AccessToken).device_key).toBe(device.deviceKey);
    expect(await pool.devices(ALICE.username)).toHaveLength(1);

    // Someone else's device, a made-up one: Cognito does not know them for this user.
    const carols = await confirmedDevice(CAROL);
    for (const deviceKey of [
      carols.device.deviceKey,
      'eu-west-1_00000000-0000-0000-0000-000000000000',
    ]) {
      const unknown = await signInAs(ALICE, deviceKey);
      expectApiError(unknown, 'ResourceNotFoundException', 'Device does not exist.');
    }
    // Checked after the password: a wrong one is told so first.
    const wrong = await signInAs({ ...ALICE, password: 'nope-nope' }, 'eu-west-1_0');
    expectApiError(wrong, 'NotAuthorizedException', 'Incorrect username or password.');
  });
});

describe('device operations', () => {
  it("ConfirmDevice answers UserConfirmationNecessary: false with 'always' (remembered), true with 'userOptIn'", async () => {
    for (const [tracking, necessary] of [
      ['always', false],
      ['userOptIn', true],
    ] as const) {
      const { pool } = await poolTracking(tracking);
      const { confirm, device } = await confirmedDevice();
      expect(confirm.status).toBe(200);
      expect(confirm.json).toEqual({ UserConfirmationNecessary: necessary });
      expect(await pool.devices(ALICE.username)).toEqual([
        expect.objectContaining({
          deviceKey: device.deviceKey,
          name: 'Kit test',
          confirmed: true,
          remembered: !necessary,
        }),
      ]);
    }
  });

  it('refuses unknown devices, bad access tokens and bad parameters as Cognito does', async () => {
    const { clock } = await poolTracking('always');
    const { result, device } = await confirmedDevice();
    const unknownKey = 'eu-west-1_00000000-0000-0000-0000-000000000000';
    const access = result.AccessToken;
    for (const [operation, input] of [
      ['ConfirmDevice', { AccessToken: access, DeviceKey: unknownKey }],
      [
        'UpdateDeviceStatus',
        { AccessToken: access, DeviceKey: unknownKey, DeviceRememberedStatus: 'remembered' },
      ],
      ['ForgetDevice', { AccessToken: access, DeviceKey: unknownKey }],
    ] as const) {
      expectApiError(
        await callApi(operation, input),
        'ResourceNotFoundException',
        'Device does not exist.',
      );
    }
    expectApiError(
      await callApi('UpdateDeviceStatus', {
        AccessToken: access,
        DeviceKey: device.deviceKey,
        DeviceRememberedStatus: 'forever',
      }),
      'InvalidParameterException',
      "1 validation error detected: Value 'forever' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]",
    );
    expectApiError(
      await callApi('ListDevices', { AccessToken: access, Limit: 61 }),
      'InvalidParameterException',
      "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
    expectApiError(
      await callApi('ForgetDevice', { AccessToken: access }),
      'InvalidParameterException',
      'Missing required parameter DeviceKey',
    );
    expectApiError(
      await callApi('ListDevices', { AccessToken: `${access.slice(0, -4)}AAAA` }),
      'NotAuthorizedException',
      'Invalid Access Token',
    );
    clock.advance(3600_000);
    expectApiError(
      await callApi('ListDevices', { AccessToken: access }),
      'NotAuthorizedException',
      'Access Token has expired',
    );
  });

  it('UpdateDeviceStatus answers {}, ForgetDevice an empty body, ListDevices remembered devices only', async () => {
    const { pool } = await poolTracking('userOptIn');
    const one = await confirmedDevice();
    const two = await confirmedDevice();
    const access = two.result.AccessToken;
    const listed = async () =>
      (await callApi('ListDevices', { AccessToken: access })).json.Devices.map(
        (device: { DeviceKey: string }) => device.DeviceKey,
      );
    expect(await listed()).toEqual([]);

    for (const device of [one.device, two.device]) {
      const update = await callApi('UpdateDeviceStatus', {
        AccessToken: access,
        DeviceKey: device.deviceKey,
        DeviceRememberedStatus: 'remembered',
      });
      expect(update).toMatchObject({ status: 200, json: {} });
    }
    const page = await callApi('ListDevices', { AccessToken: access, Limit: 1 });
    expect(page.json).toEqual({
      Devices: [
        {
          DeviceKey: one.device.deviceKey,
          DeviceAttributes: [
            { Name: 'device_status', Value: 'valid' },
            { Name: 'device_name', Value: 'Kit test' },
            { Name: 'dev:device_remembered_status', Value: 'remembered' },
          ],
          DeviceCreateDate: expect.any(Number),
          DeviceLastModifiedDate: expect.any(Number),
          DeviceLastAuthenticatedDate: expect.any(Number),
        },
      ],
      PaginationToken: expect.any(String),
    });
    expect(page.json.Devices[0].DeviceCreateDate).toBe(Date.UTC(2026, 0, 1, 12) / 1000);
    const next = await callApi('ListDevices', {
      AccessToken: access,
      Limit: 1,
      PaginationToken: page.json.PaginationToken,
    });
    expect(next.json).toEqual({
      Devices: [expect.objectContaining({ DeviceKey: two.device.deviceKey })],
    });

    await callApi('UpdateDeviceStatus', {
      AccessToken: access,
      DeviceKey: one.device.deviceKey,
      DeviceRememberedStatus: 'not_remembered',
    });
    expect(await listed()).toEqual([two.device.deviceKey]);

    const forgotten = await callApi('ForgetDevice', {
      AccessToken: access,
      DeviceKey: two.device.deviceKey,
    });
    expect(forgotten).toMatchObject({ status: 200, text: '' });
    expect(await listed()).toEqual([]);
    expect((await pool.devices(ALICE.username)).map((device) => device.deviceKey)).toEqual([
      one.device.deviceKey,
    ]);
    // A forgotten device presented at sign-in.
    expectApiError(
      await signInAs(ALICE, two.device.deviceKey),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
  });
});

describe('DEVICE_SRP_AUTH', () => {
  /** Bob signs in with TOTP, confirms the device ('always': remembered), and starts again with it. */
  async function challengedByDevice() {
    const { pool } = await poolTracking('always');
    return { pool, ...(await signInByDevice()) };
  }

  it('replaces MFA for a remembered device, and accepts only a proof of the device password', async () => {
    const { device, challenge } = await challengedByDevice();
    expect(challenge.json).toEqual({
      ChallengeName: 'DEVICE_SRP_AUTH',
      ChallengeParameters: { USERNAME: MFA_USER.username },
      Session: expect.any(String),
    });
    const { verifier, answer, tokens } = await proveDevice(challenge.json.Session, device);
    expect(verifier.json).toEqual({
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      ChallengeParameters: {
        DEVICE_KEY: device.deviceKey,
        // The salt ConfirmDevice registered, as its bytes (a leading zero: the top bit is set).
        SALT: '00c0ffee01',
        SECRET_BLOCK: expect.any(String),
        SRP_B: expect.stringMatching(/^[0-9a-f]+$/),
        USERNAME: MFA_USER.username,
      },
    });
    expect(tokens?.status).toBe(200);
    expect(tokens?.json.AuthenticationResult).not.toHaveProperty('NewDeviceMetadata');
    expect(claimsOf(tokens?.json.AuthenticationResult.AccessToken).device_key).toBe(
      device.deviceKey,
    );
    // Single use.
    expectApiError(
      await callApi('RespondToAuthChallenge', answer ?? {}),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it('refuses a proof signed with another device password, and a reused DEVICE_SRP_AUTH session', async () => {
    const { device, challenge } = await challengedByDevice();
    const { tokens } = await proveDevice(challenge.json.Session, device, {
      password: createDevicePassword(),
    });
    expectApiError(
      tokens ?? { status: 0, json: null },
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    const reused = await proveDevice(challenge.json.Session, device);
    expectApiError(
      reused.verifier,
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  });

  it('asks MFA as before for a device no longer remembered', async () => {
    const { pool, device, challenge } = await challengedByDevice();
    // Signed in by the device, bob turns it to not remembered; the next sign-in asks TOTP.
    const proved = await proveDevice(challenge.json.Session, device);
    const update = await callApi('UpdateDeviceStatus', {
      AccessToken: proved.tokens?.json.AuthenticationResult.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: 'not_remembered',
    });
    expect(update.status).toBe(200);
    expect(await pool.devices(MFA_USER.username)).toEqual([
      expect.objectContaining({ remembered: false }),
    ]);
    const asked = await signInAs(MFA_USER, device.deviceKey);
    expect(asked.json).toMatchObject({ ChallengeName: 'SOFTWARE_TOKEN_MFA' });
  });
});

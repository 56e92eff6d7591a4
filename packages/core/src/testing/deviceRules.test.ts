/**
 * The fake pool's device rules at their edges (devices.ts, deviceHandlers.ts, deviceSrpSignIn.ts):
 * which challenges a remembered device answers for, the group key a user's devices share, the
 * device operations' input checks word for word, the dates `ListDevices` reports, and every way a
 * device proof is refused (a stale or foreign session, another user or device, a device forgotten
 * or re-confirmed between the two steps). devices.test.ts has the flows themselves.
 */
import { describe, expect, it } from 'vitest';
import { SRP_N } from '../providers/cognito/srpMath.js';
import {
  ALICE,
  callApi,
  claimsOf,
  createClock,
  fakeUser,
  OTHER_CLIENT,
  POOL_CONFIG,
  setupPoolServer,
} from './cognitoTestClient.js';
import { devicesOf, resolveDeviceTracking, type TrackedOutcome, trackDevice } from './devices.js';
import {
  answerTotp,
  challengedByDevice,
  confirmDevice,
  confirmedDevice,
  expectApiError,
  MFA_USER,
  proveDevice,
  signInAs,
  signInWithTotp,
} from './deviceTestClient.js';
import type { DeviceTracking } from './fakePoolTypes.js';
import {
  type ChallengeRecord,
  createEmptyPoolState,
  type DeviceRecord,
  type PoolState,
  type RefreshTokenRecord,
} from './poolState.js';
import type { SignInOutcome } from './signIn.js';

const { usePool, useTwoAppClients } = setupPoolServer();
const T0 = Date.UTC(2026, 0, 1, 12);
const INVALID_SESSION = 'Invalid session for the user, session is expired.';
const INCORRECT = 'Incorrect username or password.';
const UNKNOWN_DEVICE = 'Device does not exist.';

async function poolTracking(deviceTracking: DeviceTracking = 'always') {
  const clock = createClock(T0);
  const pool = usePool({ deviceTracking, now: clock.now });
  await pool.addUser({ ...ALICE });
  await pool.addUser({ ...MFA_USER, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: MFA_USER.code } });
  return { pool, clock };
}

describe('devices.ts: the rules as pure changes of the pool state', () => {
  function device(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
    return {
      deviceKey: 'eu-west-1_d1',
      deviceGroupKey: '-group',
      username: 'alice',
      verifier: { v: 'abc', salt: '01' },
      name: null,
      remembered: true,
      createdAt: T0,
      lastModifiedAt: T0,
      lastAuthenticatedAt: null,
      ...overrides,
    };
  }

  /** A state with alice's device and a challenge `challengeName` waiting under `s1`. */
  function challengedState(challengeName: ChallengeRecord['challengeName'], code?: string) {
    const state: PoolState = createEmptyPoolState();
    state.devices = { 'eu-west-1_d1': device() };
    delete state.deviceChallenges; // as in a state stored before device tracking
    state.challenges.s1 = {
      username: 'alice',
      clientId: 'client-1',
      challengeName,
      expiresAt: T0 + 180_000,
      ...(code ? { code } : {}),
    };
    if (!code) delete state.sentCodes; // as in a state stored before MFA codes
    return state;
  }

  const sign = (deviceKey?: string, tracking: DeviceTracking = 'always') => ({
    tracking,
    region: 'eu-west-1',
    now: T0 + 1000,
    deviceKey,
  });
  const challenge = (
    challengeName: Exclude<ChallengeRecord['challengeName'], 'PASSWORD_VERIFIER'>,
    session = 's1',
  ): SignInOutcome => ({ kind: 'challenge', challengeName, session, parameters: {} });
  const tokens = (username = 'alice'): SignInOutcome => ({
    kind: 'tokens',
    user: fakeUser(null, {}, username),
    refreshToken: 'refresh',
    record: { username } as RefreshTokenRecord,
  });

  it('resolves deviceTracking: off by default, the three settings, a RangeError otherwise', () => {
    expect(resolveDeviceTracking(undefined)).toBe('off');
    for (const tracking of ['off', 'always', 'userOptIn'] as const) {
      expect(resolveDeviceTracking(tracking)).toBe(tracking);
    }
    expect(() => resolveDeviceTracking('on' as DeviceTracking)).toThrow(
      new RangeError("deviceTracking must be 'off', 'always' or 'userOptIn', got on"),
    );
  });

  it('answers each MFA step with DEVICE_SRP_AUTH for a remembered device, taking over its client and expiry', () => {
    for (const name of ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE'] as const) {
      const state = challengedState(name);
      const outcome = trackDevice(state, sign('eu-west-1_d1'), () => challenge(name));
      expect(outcome).toEqual({
        kind: 'challenge',
        challengeName: 'DEVICE_SRP_AUTH',
        session: expect.any(String),
        parameters: { USERNAME: 'alice' },
      });
      const session = (outcome as { session: string }).session;
      expect(state.challenges).toEqual({});
      expect(state.deviceChallenges).toEqual({
        [session]: {
          challengeName: 'DEVICE_SRP_AUTH',
          username: 'alice',
          clientId: 'client-1',
          deviceKey: 'eu-west-1_d1',
          expiresAt: T0 + 180_000,
        },
      });
    }
  });

  it('leaves a new password or MFA set-up to the user, keeping the device for the tokens', () => {
    for (const name of ['NEW_PASSWORD_REQUIRED', 'MFA_SETUP'] as const) {
      const state = challengedState(name);
      expect(trackDevice(state, sign('eu-west-1_d1'), () => challenge(name))).toEqual(
        challenge(name),
      );
      expect(state.challenges.s1?.deviceKey).toBe('eu-west-1_d1');
    }
    // A device not remembered, or never confirmed, does not answer for MFA either.
    for (const presented of [device({ remembered: false }), device({ verifier: null })]) {
      const state = challengedState('SMS_MFA');
      state.devices = { [presented.deviceKey]: presented };
      expect(trackDevice(state, sign('eu-west-1_d1'), () => challenge('SMS_MFA'))).toEqual(
        challenge('SMS_MFA'),
      );
      expect(state.challenges.s1?.deviceKey).toBe('eu-west-1_d1');
    }
  });

  it('takes back the code the replaced step sent, and no other', () => {
    const state = challengedState('SMS_MFA', '111111');
    const sent = (username: string, code: string) => ({
      username,
      medium: 'SMS' as const,
      destination: '+15555550123',
      code,
      time: T0,
    });
    state.sentCodes = [sent('alice', '111111'), sent('alice', '222222'), sent('bob', '111111')];
    trackDevice(state, sign('eu-west-1_d1'), () => challenge('SMS_MFA'));
    expect(state.sentCodes).toEqual([sent('alice', '222222'), sent('bob', '111111')]);
  });

  it('passes on a challenge it does not know (another flow keeps its session), even with an unknown device', () => {
    const state = challengedState('SMS_MFA');
    const other = challenge('SMS_MFA', 'elsewhere');
    expect(trackDevice(state, sign('eu-west-1_unknown'), () => other)).toBe(other);
  });

  it("gives a user's devices one group key and another user's devices another", () => {
    const state = createEmptyPoolState();
    const newDevice = (username: string) => {
      const outcome = trackDevice(state, sign(), () => tokens(username)) as Extract<
        TrackedOutcome,
        { kind: 'tokens' }
      >;
      return outcome.newDevice!;
    };
    const first = newDevice('alice');
    const bobs = newDevice('bob');
    const second = newDevice('alice');
    expect(first.DeviceKey).toMatch(/^eu-west-1_[0-9a-f-]{36}$/);
    expect(second.DeviceKey).not.toBe(first.DeviceKey);
    expect(second.DeviceGroupKey).toBe(first.DeviceGroupKey);
    expect(bobs.DeviceGroupKey).not.toBe(first.DeviceGroupKey);
    expect(first.DeviceGroupKey).toMatch(/^-[A-Za-z0-9_-]{8}$/);
  });

  it('lists devicesOf a user oldest first, without the verifier, confirmed when one was registered', () => {
    const state = createEmptyPoolState();
    state.devices = {
      late: device({ deviceKey: 'late', createdAt: T0 + 2000, verifier: null }),
      bobs: device({ deviceKey: 'bobs', username: 'bob', createdAt: T0 }),
      early: device({ deviceKey: 'early', createdAt: T0 + 1000, name: 'Laptop' }),
    };
    expect(devicesOf(state, 'alice')).toEqual([
      {
        deviceKey: 'early',
        deviceGroupKey: '-group',
        name: 'Laptop',
        remembered: true,
        createdAt: T0 + 1000,
        lastModifiedAt: T0,
        lastAuthenticatedAt: null,
        confirmed: true,
      },
      expect.objectContaining({ deviceKey: 'late', confirmed: false }),
    ]);
  });
});

describe('device operations: input and answers', () => {
  it('refuses a DeviceSecretVerifierConfig without valid base64, naming the field', async () => {
    await poolTracking();
    const { result } = await confirmedDevice();
    const { DeviceKey } = result.NewDeviceMetadata!;
    const confirm = (config: unknown) =>
      callApi('ConfirmDevice', {
        AccessToken: result.AccessToken,
        DeviceKey,
        DeviceSecretVerifierConfig: config,
      });
    const verifierError = 'DeviceSecretVerifierConfig.PasswordVerifier is not valid base64';
    for (const config of [null, [], {}, { PasswordVerifier: '', Salt: 'AQ==' }]) {
      expectApiError(await confirm(config), 'InvalidParameterException', verifierError);
    }
    for (const PasswordVerifier of [1234, '%%%']) {
      expectApiError(
        await confirm({ PasswordVerifier, Salt: 'AQ==' }),
        'InvalidParameterException',
        verifierError,
      );
    }
    expectApiError(
      await confirm({ PasswordVerifier: 'AQ==' }),
      'InvalidParameterException',
      'DeviceSecretVerifierConfig.Salt is not valid base64',
    );
  });

  it('keeps a name only when one is given, and lists it only then', async () => {
    const { pool } = await poolTracking();
    const { result } = await confirmedDevice();
    const metadata = result.NewDeviceMetadata!;
    const access = result.AccessToken;
    // Confirmed again with no name, an empty one or a number: the name stays.
    for (const DeviceName of [undefined, '', 42]) {
      await confirmDevice(access, metadata, { DeviceName });
      expect((await pool.devices(ALICE.username))[0]?.name).toBe('Kit test');
    }
    // A device never named lists no device_name.
    const other = await signInAs(ALICE);
    const unnamed = other.json.AuthenticationResult.NewDeviceMetadata;
    await confirmDevice(access, unnamed);
    const listed = await callApi('ListDevices', { AccessToken: access });
    expect(listed.json.Devices[1].DeviceAttributes).toEqual([
      { Name: 'device_status', Value: 'valid' },
      { Name: 'dev:device_remembered_status', Value: 'remembered' },
    ]);
  });

  it('confirms a device without a verifier: known, not confirmed, never answering for MFA', async () => {
    const { pool } = await poolTracking();
    const first = await signInAs(ALICE);
    const { AccessToken, NewDeviceMetadata } = first.json.AuthenticationResult;
    const answer = await callApi('ConfirmDevice', {
      AccessToken,
      DeviceKey: NewDeviceMetadata.DeviceKey,
    });
    expect(answer.json).toEqual({ UserConfirmationNecessary: false });
    expect(await pool.devices(ALICE.username)).toEqual([
      expect.objectContaining({ confirmed: false, remembered: true }),
    ]);
  });

  it('reports dates in epoch seconds: created, last changed, last signed in with', async () => {
    const { clock } = await poolTracking('userOptIn');
    const { result, device } = await confirmedDevice();
    clock.advance(5_000);
    await callApi('UpdateDeviceStatus', {
      AccessToken: result.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: 'remembered',
    });
    const listed = async () =>
      (await callApi('ListDevices', { AccessToken: result.AccessToken })).json.Devices[0];
    expect(await listed()).toMatchObject({
      DeviceCreateDate: T0 / 1000,
      DeviceLastModifiedDate: T0 / 1000 + 5,
      DeviceLastAuthenticatedDate: T0 / 1000,
    });
    clock.advance(7_000);
    expect((await signInAs(ALICE, device.deviceKey)).status).toBe(200);
    expect(await listed()).toMatchObject({
      DeviceCreateDate: T0 / 1000,
      DeviceLastModifiedDate: T0 / 1000 + 5,
      DeviceLastAuthenticatedDate: T0 / 1000 + 12,
    });
  });

  it('changes nothing on an UpdateDeviceStatus without a status', async () => {
    const { pool, clock } = await poolTracking('userOptIn');
    const { result, device } = await confirmedDevice();
    const before = await pool.devices(ALICE.username);
    clock.advance(5_000);
    const answer = await callApi('UpdateDeviceStatus', {
      AccessToken: result.AccessToken,
      DeviceKey: device.deviceKey,
    });
    expect(answer).toMatchObject({ status: 200, json: {} });
    expect(await pool.devices(ALICE.username)).toEqual(before);
  });

  it('pages ListDevices: Limit 0 or none is 60, 1–60 taken, anything else refused; tokens checked', async () => {
    await poolTracking();
    const devices = [await confirmedDevice(), await confirmedDevice(), await confirmedDevice()];
    const AccessToken = devices[0]!.result.AccessToken;
    const keys = devices.map(({ device }) => device.deviceKey);
    const list = (input: object) => callApi('ListDevices', { AccessToken, ...input });
    const listed = (answer: { json: { Devices: { DeviceKey: string }[] } }) =>
      answer.json.Devices.map((device) => device.DeviceKey);
    for (const input of [{}, { Limit: 0 }, { Limit: 60 }, { Limit: 3 }]) {
      const answer = await list(input);
      expect(listed(answer)).toEqual(keys);
      expect(answer.json).not.toHaveProperty('PaginationToken');
    }
    const first = await list({ Limit: 2 });
    expect(listed(first)).toEqual(keys.slice(0, 2));
    const rest = await list({ Limit: 2, PaginationToken: first.json.PaginationToken });
    expect(listed(rest)).toEqual(keys.slice(2));
    expect(rest.json).not.toHaveProperty('PaginationToken');

    for (const Limit of [-1, 1.5, '5', 61]) {
      expectApiError(
        await list({ Limit }),
        'InvalidParameterException',
        `1 validation error detected: Value '${Limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60`,
      );
    }
    const tokenFor = (after: unknown) =>
      Buffer.from(JSON.stringify({ after })).toString('base64url');
    for (const PaginationToken of ['not a token', tokenFor('eu-west-1_gone'), tokenFor(3), '']) {
      expectApiError(
        await list({ PaginationToken }),
        'InvalidParameterException',
        'Invalid pagination token',
      );
    }
  });

  it('treats an empty or non-string DEVICE_KEY at sign-in as none: a new device', async () => {
    const { pool } = await poolTracking();
    for (const deviceKey of ['', 42]) {
      const answer = await signInAs(ALICE, deviceKey);
      expect(answer.json.AuthenticationResult.NewDeviceMetadata).toBeDefined();
    }
    expect(await pool.devices(ALICE.username)).toHaveLength(2);
  });

  it('binds the tokens of an answered MFA step to the device the sign-in or the answer presented', async () => {
    const { pool } = await poolTracking('userOptIn');
    // Bob's device, confirmed but not remembered: sign-in still asks TOTP.
    const signedIn = await signInWithTotp();
    const { device } = await confirmDevice(signedIn.AccessToken, signedIn.NewDeviceMetadata);

    const presentedAtSignIn = await signInAs(MFA_USER, device.deviceKey);
    expect(presentedAtSignIn.json.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const bound = (await answerTotp(presentedAtSignIn.json.Session)).json.AuthenticationResult;
    expect(bound).not.toHaveProperty('NewDeviceMetadata');
    expect(claimsOf(bound.AccessToken).device_key).toBe(device.deviceKey);

    const presentedInAnswer = await signInAs(MFA_USER);
    const answered = await answerTotp(presentedInAnswer.json.Session, {
      DEVICE_KEY: device.deviceKey,
    });
    expect(answered.json.AuthenticationResult).not.toHaveProperty('NewDeviceMetadata');
    expect(claimsOf(answered.json.AuthenticationResult.AccessToken).device_key).toBe(
      device.deviceKey,
    );
    expect(await pool.devices(MFA_USER.username)).toHaveLength(1);
  });
});

describe('device proof: refusals', () => {
  it('refuses an SRP_A that is not hex, and a Session that is not a string', async () => {
    await poolTracking();
    const { device, challenge } = await challengedByDevice();
    const start = (Session: unknown, SRP_A: string) =>
      callApi('RespondToAuthChallenge', {
        ClientId: POOL_CONFIG.clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session,
        ChallengeResponses: {
          USERNAME: MFA_USER.username,
          DEVICE_KEY: device.deviceKey,
          SRP_A,
        },
      });
    for (const srpA of ['0x12', '12g', 'g12', '12 ']) {
      expectApiError(
        await start(challenge.json.Session, srpA),
        'InvalidParameterException',
        'SRP_A is not a valid hex string',
      );
    }
    // SRP-6a's server aborts on A = 0 mod N: its S is 0 whatever the device password.
    for (const srpA of ['0', SRP_N.toString(16), (SRP_N * 3n).toString(16)]) {
      expectApiError(
        await start(challenge.json.Session, srpA),
        'InvalidParameterException',
        'SRP_A mod N must not be 0',
      );
    }
    expectApiError(await start(42, 'abc123'), 'NotAuthorizedException', INVALID_SESSION);
    // Neither spent the session.
    expect((await proveDevice(challenge.json.Session, device)).tokens?.status).toBe(200);
  });

  it('refuses either step of the proof once the sign-in step it replaced expired (3 minutes, to the ms)', async () => {
    for (const step of ['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER'] as const) {
      for (const [elapsed, refused] of [
        [179_999, false],
        [180_000, true],
      ] as const) {
        const { clock } = await poolTracking();
        const { device, challenge } = await challengedByDevice();
        const wait = () => clock.advance(elapsed);
        if (step === 'DEVICE_SRP_AUTH') wait();
        const { verifier, tokens } = await proveDevice(
          challenge.json.Session,
          device,
          step === 'DEVICE_PASSWORD_VERIFIER' ? { between: wait } : {},
        );
        const answer = step === 'DEVICE_SRP_AUTH' ? verifier : tokens!;
        if (refused) expectApiError(answer, 'NotAuthorizedException', INVALID_SESSION);
        else expect(answer.status).toBe(200);
      }
    }
  });

  it('refuses DEVICE_SRP_AUTH for another user, another device or one without a verifier', async () => {
    await poolTracking();
    const { device, challenge, accessToken } = await challengedByDevice();
    const session = challenge.json.Session;
    const alices = (await confirmedDevice()).device;
    expectApiError(
      (await proveDevice(session, device, { username: ALICE.username })).verifier,
      'NotAuthorizedException',
      INVALID_SESSION,
    );
    // Bob's second device, confirmed too, is not the one his sign-in presented.
    const { device: bobsOther } = await confirmDevice(
      accessToken,
      (await signInWithTotp()).NewDeviceMetadata,
    );
    const madeUp = { ...device, deviceKey: 'eu-west-1_00000000-0000-0000-0000-000000000000' };
    for (const other of [alices, bobsOther, madeUp]) {
      expectApiError(
        (await proveDevice(session, other)).verifier,
        'ResourceNotFoundException',
        UNKNOWN_DEVICE,
      );
    }
    // Confirmed again without a verifier: nothing to prove against.
    await callApi('ConfirmDevice', { AccessToken: accessToken, DeviceKey: device.deviceKey });
    expectApiError(
      (await proveDevice(session, device)).verifier,
      'ResourceNotFoundException',
      UNKNOWN_DEVICE,
    );
  });

  it('refuses a claim naming another user or device, or a device forgotten or unverified meanwhile', async () => {
    type Change = (bob: { deviceKey: string; accessToken: string }) => Promise<unknown>;
    const changes: [string, (alices: string) => Parameters<typeof proveDevice>[2], Change?][] = [
      ['another user', () => ({ answer: { USERNAME: ALICE.username } })],
      ['another device', (alices) => ({ answer: { DEVICE_KEY: alices } })],
      [
        'the verifier dropped',
        () => ({}),
        ({ deviceKey, accessToken }) =>
          callApi('ConfirmDevice', { AccessToken: accessToken, DeviceKey: deviceKey }),
      ],
      [
        'the device forgotten',
        () => ({}),
        ({ deviceKey, accessToken }) =>
          callApi('ForgetDevice', { AccessToken: accessToken, DeviceKey: deviceKey }),
      ],
    ];
    for (const [what, options, change] of changes) {
      await poolTracking();
      const { device, challenge, accessToken } = await challengedByDevice();
      const alices = (await confirmedDevice()).device.deviceKey;
      const { tokens } = await proveDevice(challenge.json.Session, device, {
        ...options(alices),
        between: async () => {
          await change?.({ deviceKey: device.deviceKey, accessToken });
        },
      });
      expect({ what, answer: tokens?.json }).toEqual({
        what,
        answer: { __type: 'NotAuthorizedException', message: INCORRECT },
      });
    }
  });

  it('gives tokens to one of two identical answers sent at once; the other finds the challenge spent', async () => {
    const { pool } = await poolTracking();
    const { device, challenge } = await challengedByDevice();
    const { replies } = await proveDevice(challenge.json.Session, device, {
      copies: 2,
      // Both wait out the same latency, so each reads the challenge before either spends it.
      between: () => pool.setLatency(20),
    });
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 400]);
    const refused = replies.find((reply) => reply.status === 400)!;
    expectApiError(refused, 'NotAuthorizedException', INVALID_SESSION);
  });

  it('refuses a device proof continued under another app client of the same pool', async () => {
    const pool = useTwoAppClients({ deviceTracking: 'always', now: createClock(T0).now });
    await pool.addUser({ ...MFA_USER, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: MFA_USER.code } });
    const { device, challenge } = await challengedByDevice();
    const started = await proveDevice(challenge.json.Session, device, { at: OTHER_CLIENT });
    expectApiError(started.verifier, 'NotAuthorizedException', INVALID_SESSION);
    const answered = await proveDevice(challenge.json.Session, device, {
      verifierAt: OTHER_CLIENT,
    });
    expect(answered.verifier.status).toBe(200);
    expectApiError(answered.tokens!, 'NotAuthorizedException', INVALID_SESSION);
  });
});

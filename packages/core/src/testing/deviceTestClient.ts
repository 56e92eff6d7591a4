/**
 * The device steps of the fake pool's own tests (devices.test.ts, deviceRules.test.ts), on the
 * wire as AWS's clients send them: sign in presenting a `DEVICE_KEY`, confirm the device the tokens
 * brought, and prove a remembered device with `DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER`.
 * Not exported.
 */
import { expect } from 'vitest';
import {
  computeDeviceClaim,
  computeDeviceVerifierConfig,
  createDevicePassword,
} from '../providers/cognito/deviceSrp.js';
import { createSrpClientKeys, formatSrpTimestamp } from '../providers/cognito/srp.js';
import { hexToBigInt } from '../providers/cognito/srpMath.js';
import {
  ALICE,
  API_URL,
  callApi,
  POOL_CONFIG,
  signIn,
  type WireAnswer,
} from './cognitoTestClient.js';

/** A user whose sign-in asks a TOTP code (add with `mfa: MFA_USER.mfa`). */
export const MFA_USER = { username: 'bob', password: 'Tr0ub4dor&3x', code: '135790' } as const;

type Credentials = { username: string; password: string };

/** A device as the client keeps it after `ConfirmDevice`. */
export interface ClientDevice {
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
}

/** A Cognito error answer: HTTP 400 with exactly this `__type` and message. */
export function expectApiError(
  answer: { status: number; json: unknown },
  type: string,
  message: string,
) {
  expect(answer.status).toBe(400);
  expect(answer.json).toEqual({ __type: type, message });
}

/** `USER_PASSWORD_AUTH`, presenting `deviceKey` when given. */
export function signInAs(user: Credentials, deviceKey?: unknown): Promise<WireAnswer> {
  return callApi('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: user.username, PASSWORD: user.password, DEVICE_KEY: deviceKey },
  });
}

/** `ConfirmDevice` for the device `metadata` names, with a verifier of a fresh device password. */
export async function confirmDevice(
  accessToken: string,
  metadata: { DeviceKey: string; DeviceGroupKey: string },
  extra: { DeviceName?: unknown; salt?: bigint } = {},
) {
  const device: ClientDevice = {
    deviceKey: metadata.DeviceKey,
    deviceGroupKey: metadata.DeviceGroupKey,
    devicePassword: createDevicePassword(),
  };
  const { salt = 0x5a17n, ...input } = extra;
  const confirm = await callApi('ConfirmDevice', {
    AccessToken: accessToken,
    DeviceKey: device.deviceKey,
    DeviceSecretVerifierConfig: await computeDeviceVerifierConfig({ ...device, salt }),
    ...input,
  });
  return { device, confirm };
}

/** Signs in (no MFA) and confirms the new device, named "Kit test". */
export async function confirmedDevice(user: Credentials = ALICE) {
  const result = (await signIn(user.username, user.password)) as Awaited<
    ReturnType<typeof signIn>
  > & { NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string } };
  if (!result.NewDeviceMetadata) throw new Error('no NewDeviceMetadata');
  const confirmed = await confirmDevice(result.AccessToken, result.NewDeviceMetadata, {
    DeviceName: 'Kit test',
  });
  return { result, ...confirmed };
}

/** Answers `MFA_USER`'s `SOFTWARE_TOKEN_MFA` step; `extra` joins the challenge responses. */
export function answerTotp(session: string, extra: object = {}): Promise<WireAnswer> {
  return callApi('RespondToAuthChallenge', {
    ClientId: POOL_CONFIG.clientId,
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    Session: session,
    ChallengeResponses: {
      USERNAME: MFA_USER.username,
      SOFTWARE_TOKEN_MFA_CODE: MFA_USER.code,
      ...extra,
    },
  });
}

/** `MFA_USER` signs in with TOTP, presenting no device: the `AuthenticationResult`. */
export async function signInWithTotp() {
  return (await answerTotp((await signInAs(MFA_USER)).json.Session)).json.AuthenticationResult;
}

/** `MFA_USER` signs in with TOTP, confirms the device and signs in again presenting it. */
export async function challengedByDevice(salt = 0xc0ffee01n) {
  const result = await signInWithTotp();
  const { device } = await confirmDevice(result.AccessToken, result.NewDeviceMetadata, { salt });
  const challenge = await signInAs(MFA_USER, device.deviceKey);
  return { device, challenge, accessToken: result.AccessToken as string };
}

/** What a device proof sends, each part replaceable to test a refusal. */
export interface ProofOptions {
  username?: string;
  /** The device password the claim is signed with. @default the device's */
  password?: string;
  /** `DEVICE_PASSWORD_VERIFIER`'s `DEVICE_KEY` and `USERNAME`. @default as for `DEVICE_SRP_AUTH` */
  answer?: { DEVICE_KEY?: string; USERNAME?: string };
  /** Runs between the two steps (after `DEVICE_SRP_AUTH` is answered). */
  between?: () => Promise<void> | void;
  /** How many copies of the `DEVICE_PASSWORD_VERIFIER` answer to send at once. @default 1 */
  copies?: number;
  /** The app client and address of the steps. @default the test pool's */
  at?: AppClient;
  /** Another app client and address for `DEVICE_PASSWORD_VERIFIER`. @default `at` */
  verifierAt?: AppClient;
}

/** An app client of the pool and the address its requests go to. */
export interface AppClient {
  clientId: string;
  url: string;
}

/**
 * `DEVICE_SRP_AUTH` (answered with `SRP_A`) then `DEVICE_PASSWORD_VERIFIER` (the device's claim):
 * the answer to each step (`replies`: to each copy of the second), and the second request (`null`
 * when the first step was refused).
 */
export async function proveDevice(
  session: unknown,
  device: ClientDevice,
  options: ProofOptions = {},
) {
  const username = options.username ?? MFA_USER.username;
  const at = options.at ?? { clientId: POOL_CONFIG.clientId, url: API_URL };
  const verifierAt = options.verifierAt ?? at;
  const call = (client: AppClient, input: object) =>
    callApi('RespondToAuthChallenge', { ClientId: client.clientId, ...input }, { url: client.url });
  const keys = createSrpClientKeys();
  const verifier = await call(at, {
    ChallengeName: 'DEVICE_SRP_AUTH',
    Session: session,
    ChallengeResponses: {
      USERNAME: username,
      DEVICE_KEY: device.deviceKey,
      SRP_A: keys.A.toString(16),
    },
  });
  const parameters = verifier.json.ChallengeParameters;
  if (!parameters) return { verifier, answer: null, tokens: null, replies: [] };
  await options.between?.();
  const timestamp = formatSrpTimestamp(Date.now());
  const signature = await computeDeviceClaim({
    ...device,
    devicePassword: options.password ?? device.devicePassword,
    ...keys,
    B: hexToBigInt(parameters.SRP_B),
    salt: hexToBigInt(parameters.SALT),
    secretBlock: parameters.SECRET_BLOCK,
    timestamp,
  });
  const answer = {
    ClientId: verifierAt.clientId,
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    ChallengeResponses: {
      USERNAME: username,
      DEVICE_KEY: device.deviceKey,
      PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
      ...options.answer,
    },
  };
  const replies = await Promise.all(
    Array.from({ length: options.copies ?? 1 }, () => call(verifierAt, answer)),
  );
  return { verifier, answer, tokens: replies[0], replies };
}

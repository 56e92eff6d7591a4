/**
 * The device operations of the JSON API (docs/cognito-wire.md section 7), registered by
 * cognitoApiOperations.ts: `ConfirmDevice`, `UpdateDeviceStatus`, `ForgetDevice` and `ListDevices`,
 * each authorised by an access token as `GetUser` is (tokenIssuer.ts), and the device challenges
 * of `RespondToAuthChallenge`. Shapes and errors from AWS's API reference:
 *
 * - unknown device, or another user's: `ResourceNotFoundException` "Device does not exist.";
 * - `ForgetDevice` answers HTTP 200 with an empty body, `UpdateDeviceStatus` `{}`;
 * - `ListDevices` `Limit` is 0–60 and lists remembered devices only (as AWS's clients report), with
 *   the attributes `device_status`, `device_name` and `dev:device_remembered_status`; dates are
 *   epoch seconds. Unconfirmed: the default page size (the kit: 60) and the token's form.
 */

import { base64ToBytes, bytesToHex } from '../providers/cognito/srpMath.js';
import { base64urlToText, textToBase64url } from './base64url.js';
import { type JsonObject, requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import { answerDevicePasswordVerifier, startDeviceSrp } from './deviceSrpSignIn.js';
import {
  confirmDevice,
  type DeviceSignIn,
  devicesOf,
  ownDevice,
  type TrackedOutcome,
  trackDevice,
} from './devices.js';
import type { FakeDevice, FakeUser } from './fakePoolTypes.js';
import { type PoolContext, signInContext } from './poolContext.js';
import type { DeviceRecord, PoolState } from './poolState.js';
import { afterPasswordCheck, type SignInContext, type SignInOutcome } from './signIn.js';
import { authorizeAccessToken } from './tokenIssuer.js';

/** The most devices one `ListDevices` page holds (AWS's `Limit` maximum). */
export const LIST_DEVICES_MAX = 60;

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}

/** base64 → hex, or `InvalidParameterException`. */
function base64ToHex(value: unknown, name: string): string {
  try {
    if (typeof value !== 'string' || value === '') throw new Error('missing');
    return bytesToHex(base64ToBytes(value));
  } catch {
    throw new CognitoApiError('InvalidParameterException', `${name} is not valid base64`);
  }
}

function readVerifier(config: unknown): DeviceRecord['verifier'] {
  if (config === undefined) return null;
  const { PasswordVerifier, Salt } = asObject(config);
  const v = base64ToHex(PasswordVerifier, 'DeviceSecretVerifierConfig.PasswordVerifier');
  return { v, salt: base64ToHex(Salt, 'DeviceSecretVerifierConfig.Salt') };
}

function listedDevice(device: FakeDevice) {
  const status = device.remembered ? 'remembered' : 'not_remembered';
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: [
      { Name: 'device_status', Value: 'valid' },
      ...(device.name ? [{ Name: 'device_name', Value: device.name }] : []),
      { Name: 'dev:device_remembered_status', Value: status },
    ],
    DeviceCreateDate: device.createdAt / 1000,
    DeviceLastModifiedDate: device.lastModifiedAt / 1000,
    DeviceLastAuthenticatedDate: (device.lastAuthenticatedAt ?? device.createdAt) / 1000,
  };
}

function readLimit(value: unknown): number {
  if (value === undefined || value === 0) return LIST_DEVICES_MAX;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 60) {
    throw new CognitoApiError(
      'InvalidParameterException',
      `1 validation error detected: Value '${String(value)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60`,
    );
  }
  return value;
}

/** The operations, by name, for cognitoApiOperations.ts's table. */
export const DEVICE_OPERATIONS: Record<
  string,
  (context: PoolContext, input: JsonObject) => Promise<unknown>
> = {
  async ConfirmDevice(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const deviceKey = requireString(input, 'DeviceKey');
    const verifier = readVerifier(input.DeviceSecretVerifierConfig);
    const name = typeof input.DeviceName === 'string' && input.DeviceName ? input.DeviceName : null;
    const { deviceTracking } = context.config;
    const now = context.now();
    return context.store.transact((state) =>
      confirmDevice(state, { username, deviceKey, verifier, name }, deviceTracking, now),
    );
  },

  async UpdateDeviceStatus(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const deviceKey = requireString(input, 'DeviceKey');
    const status = input.DeviceRememberedStatus;
    if (status !== undefined && status !== 'remembered' && status !== 'not_remembered') {
      throw new CognitoApiError(
        'InvalidParameterException',
        `1 validation error detected: Value '${String(status)}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]`,
      );
    }
    const now = context.now();
    await context.store.transact((state) => {
      const device = ownDevice(state, username, deviceKey);
      if (status === undefined) return;
      device.remembered = status === 'remembered';
      device.lastModifiedAt = now;
    });
    return {};
  },

  async ForgetDevice(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const deviceKey = requireString(input, 'DeviceKey');
    await context.store.transact((state) => {
      ownDevice(state, username, deviceKey);
      delete state.devices?.[deviceKey];
    });
    // HTTP 200 with an empty body.
    return undefined;
  },

  async ListDevices(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const limit = readLimit(input.Limit);
    const remembered = (await context.store.transact((state) => devicesOf(state, username))).filter(
      (device) => device.remembered,
    );
    let start = 0;
    if (input.PaginationToken !== undefined) {
      const after = readPaginationToken(input.PaginationToken);
      start = remembered.findIndex((device) => device.deviceKey === after) + 1;
      if (start === 0) {
        throw new CognitoApiError('InvalidParameterException', 'Invalid pagination token');
      }
    }
    const page = remembered.slice(start, start + limit);
    const last = page.at(-1);
    const hasMore = start + limit < remembered.length && last !== undefined;
    return {
      Devices: page.map(listedDevice),
      ...(hasMore
        ? { PaginationToken: textToBase64url(JSON.stringify({ after: last.deviceKey })) }
        : {}),
    };
  },
};

function readPaginationToken(token: unknown): string {
  try {
    const { after } = JSON.parse(base64urlToText(String(token))) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // Falls through to the refusal.
  }
  throw new CognitoApiError('InvalidParameterException', 'Invalid pagination token');
}

/** Whether `RespondToAuthChallenge` names a device challenge (answered here, not in signIn.ts). */
export function isDeviceChallenge(name: unknown): boolean {
  return name === 'DEVICE_SRP_AUTH' || name === 'DEVICE_PASSWORD_VERIFIER';
}

/**
 * `RespondToAuthChallenge` for `DEVICE_SRP_AUTH` (the answer body) and `DEVICE_PASSWORD_VERIFIER`
 * (tokens, turned into the answer by `respond`, the handler's sign-in answer).
 */
export async function answerDeviceChallenge(
  context: PoolContext,
  input: JsonObject,
  respond: (outcome: SignInOutcome) => Promise<unknown>,
): Promise<unknown> {
  const responses = asObject(input.ChallengeResponses);
  if (input.ChallengeName === 'DEVICE_SRP_AUTH') {
    return startDeviceSrp(context, input.Session, responses);
  }
  return respond(await answerDevicePasswordVerifier(context, responses));
}

/** What a sign-in step of this pool needs to track devices, with the `DEVICE_KEY` it presents. */
export function deviceSignIn(context: PoolContext, deviceKey: unknown): DeviceSignIn {
  return {
    tracking: context.config.deviceTracking,
    region: context.config.region,
    now: context.now(),
    deviceKey: typeof deviceKey === 'string' && deviceKey !== '' ? deviceKey : undefined,
  };
}

/**
 * The step after a proven password (signIn.ts `afterPasswordCheck`: the account's state, then MFA,
 * a new password or tokens), with the device the sign-in presents: a remembered one answers for
 * MFA, a new one comes with the tokens. Every password sign-in of the pool ends here.
 */
export function afterPasswordWithDevice(
  context: PoolContext,
  state: PoolState,
  user: FakeUser,
  deviceKey: unknown,
  sign: SignInContext = signInContext(context),
): TrackedOutcome {
  return trackDevice(state, deviceSignIn(context, deviceKey), () =>
    afterPasswordCheck(state, user, sign),
  );
}

/**
 * The device a challenge answer presents: the one its sign-in presented (kept on the challenge),
 * else a `DEVICE_KEY` among the answers. Read before the answer consumes the challenge.
 */
export function answeredDevice(
  context: PoolContext,
  state: PoolState,
  input: JsonObject,
): DeviceSignIn {
  const session = typeof input.Session === 'string' ? input.Session : '';
  const kept = state.challenges[session]?.deviceKey;
  return deviceSignIn(context, kept ?? asObject(input.ChallengeResponses).DEVICE_KEY);
}

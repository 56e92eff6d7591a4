/**
 * Device tracking as pure changes of {@link PoolState} (docs/cognito-wire.md section 7). A sign-in
 * step (signIn.ts, srpSignIn.ts) runs through {@link trackDevice}, which binds what it ends in to
 * a device:
 *
 * - it names no device and ends in tokens: with tracking on, the pool creates a device and answers
 *   `NewDeviceMetadata`; the refresh token is bound to it;
 * - it names a device (`DEVICE_KEY`) of the user: tokens are bound to it and no new one is made; an
 *   MFA challenge becomes `DEVICE_SRP_AUTH` when the device is remembered (deviceSrpSignIn.ts);
 * - it names a device the pool does not know: `ResourceNotFoundException` "Device does not exist."
 *   (the answer AWS's clients retry without the key), after the password was checked.
 */
import { randomBase64url } from './base64url.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { DeviceTracking, FakeDevice } from './fakePoolTypes.js';
import type { DeviceRecord, PoolState } from './poolState.js';
import type { SignInOutcome } from './signIn.js';

/** Cognito's answer for a device key it does not know (for this user). */
export const UNKNOWN_DEVICE = 'Device does not exist.';

/** The challenges a remembered device answers for: the MFA code and the choice of factor. */
const SKIPPED_BY_DEVICE = new Set([
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'EMAIL_OTP',
  'SELECT_MFA_TYPE',
]);

/** `AuthenticationResult.NewDeviceMetadata`, as on the wire. */
export interface NewDeviceMetadata {
  DeviceKey: string;
  DeviceGroupKey: string;
}

/** A sign-in outcome after device tracking: tokens may bring a new device; MFA may be a device proof. */
export type TrackedOutcome =
  | Exclude<SignInOutcome, { kind: 'tokens' }>
  | (Extract<SignInOutcome, { kind: 'tokens' }> & { newDevice?: NewDeviceMetadata })
  | {
      kind: 'challenge';
      challengeName: 'DEVICE_SRP_AUTH';
      session: string;
      parameters: Record<string, string>;
    };

/** What a sign-in step needs to know about devices. */
export interface DeviceSignIn {
  tracking: DeviceTracking;
  region: string;
  /** Pool clock in ms. */
  now: number;
  /** The `DEVICE_KEY` the step presents, if any. */
  deviceKey: string | undefined;
}

/**
 * The `deviceTracking` option, checked.
 * @example
 * ```ts
 * resolveDeviceTracking(undefined); // 'off'
 * ```
 */
export function resolveDeviceTracking(value: DeviceTracking | undefined): DeviceTracking {
  const tracking = value ?? 'off';
  if (!['off', 'always', 'userOptIn'].includes(tracking)) {
    throw new RangeError(`deviceTracking must be 'off', 'always' or 'userOptIn', got ${tracking}`);
  }
  return tracking;
}

/** The devices of a state (absent in states stored before device tracking existed). */
export function devicesIn(state: PoolState): Record<string, DeviceRecord> {
  state.devices ??= {};
  return state.devices;
}

/** A device of `username`; `ResourceNotFoundException` for any other key, as Cognito answers. */
export function ownDevice(state: PoolState, username: string, deviceKey: string): DeviceRecord {
  const device = devicesIn(state)[deviceKey];
  if (!device || device.username !== username) {
    throw new CognitoApiError('ResourceNotFoundException', UNKNOWN_DEVICE);
  }
  return device;
}

/** A new device key in Cognito's format, `{region}_{uuid}`. */
function newDeviceKey(region: string): string {
  return `${region}_${globalThis.crypto.randomUUID()}`;
}

function createDevice(state: PoolState, username: string, sign: DeviceSignIn): DeviceRecord {
  const devices = devicesIn(state);
  // A user's devices share one group key.
  const sibling = Object.values(devices).find((device) => device.username === username);
  const device: DeviceRecord = {
    deviceKey: newDeviceKey(sign.region),
    deviceGroupKey: sibling?.deviceGroupKey ?? `-${randomBase64url(6)}`,
    username,
    verifier: null,
    name: null,
    remembered: false,
    createdAt: sign.now,
    lastModifiedAt: sign.now,
    lastAuthenticatedAt: sign.now,
  };
  devices[device.deviceKey] = device;
  return device;
}

/**
 * Runs a sign-in step (`step`, which checks the password or an answer first) and binds its outcome
 * to the device it presents, or to a new one. Throws `ResourceNotFoundException` when the presented
 * device is not one of the user's; the transaction then changes nothing, so the client may send
 * the same answer again without the key.
 */
export function trackDevice(
  state: PoolState,
  sign: DeviceSignIn,
  step: () => SignInOutcome,
): TrackedOutcome {
  const outcome = step();
  const username =
    outcome.kind === 'tokens' ? outcome.user.username : state.challenges[outcome.session]?.username;
  if (username === undefined) return outcome;
  const presented = sign.deviceKey ? ownDevice(state, username, sign.deviceKey) : undefined;
  if (outcome.kind === 'challenge') {
    if (!presented) return outcome;
    if (
      presented.remembered &&
      presented.verifier &&
      SKIPPED_BY_DEVICE.has(outcome.challengeName)
    ) {
      return deviceChallenge(state, outcome.session, presented);
    }
    const challenge = state.challenges[outcome.session];
    if (challenge) challenge.deviceKey = presented.deviceKey;
    return outcome;
  }
  if (presented) {
    outcome.record.deviceKey = presented.deviceKey;
    presented.lastAuthenticatedAt = sign.now;
    return outcome;
  }
  if (sign.tracking === 'off') return outcome;
  const device = createDevice(state, username, sign);
  outcome.record.deviceKey = device.deviceKey;
  const newDevice = { DeviceKey: device.deviceKey, DeviceGroupKey: device.deviceGroupKey };
  return { ...outcome, newDevice };
}

/** Replaces an MFA challenge by `DEVICE_SRP_AUTH` for a remembered device: no code is sent. */
function deviceChallenge(state: PoolState, session: string, device: DeviceRecord): TrackedOutcome {
  const replaced = state.challenges[session];
  delete state.challenges[session];
  const code = replaced?.code;
  if (code && state.sentCodes) {
    state.sentCodes = state.sentCodes.filter(
      (sent) => sent.username !== device.username || sent.code !== code,
    );
  }
  const deviceSession = randomBase64url(192);
  state.deviceChallenges ??= {};
  state.deviceChallenges[deviceSession] = {
    challengeName: 'DEVICE_SRP_AUTH',
    username: device.username,
    clientId: replaced?.clientId ?? '',
    deviceKey: device.deviceKey,
    expiresAt: replaced?.expiresAt ?? 0,
  };
  return {
    kind: 'challenge',
    challengeName: 'DEVICE_SRP_AUTH',
    session: deviceSession,
    parameters: { USERNAME: device.username },
  };
}

/**
 * `ConfirmDevice`: stores the verifier and the name. `'always'` remembers the device at once
 * (`UserConfirmationNecessary: false`); `'userOptIn'` waits for `UpdateDeviceStatus`.
 */
export function confirmDevice(
  state: PoolState,
  request: {
    username: string;
    deviceKey: string;
    verifier: DeviceRecord['verifier'];
    name: string | null;
  },
  tracking: DeviceTracking,
  now: number,
): { UserConfirmationNecessary: boolean } {
  const device = ownDevice(state, request.username, request.deviceKey);
  device.verifier = request.verifier;
  device.name = request.name ?? device.name;
  device.remembered = tracking === 'always';
  device.lastModifiedAt = now;
  return { UserConfirmationNecessary: tracking === 'userOptIn' };
}

/** A user's devices, oldest first (`pool.devices`). */
export function devicesOf(state: PoolState, username: string): FakeDevice[] {
  return (
    Object.values(devicesIn(state))
      .filter((device) => device.username === username)
      // Stable: devices of the same time keep the order they were created in.
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(({ verifier, username: _owner, ...device }) => ({
        ...device,
        confirmed: verifier !== null,
      }))
  );
}

/**
 * Devices in `signInWithPassword` (docs/cognito-wire.md section 7): which remembered device a
 * sign-in presents, and the confirmation of a device Cognito hands out with the tokens. Internal
 * to the password flow; what an app calls on devices is in devices.ts.
 */
import { SessionError, toSessionError } from '../errors.js';
import type { CognitoApiCall } from '../providers/cognito/cognitoApi.js';
import type { NewDeviceMetadata } from '../providers/cognito/cognitoSignIn.js';
import { confirmDevice, type DeviceChoice } from '../providers/cognito/deviceAuth.js';
import type { SessionInternals } from '../session/internals.js';
import type { DeviceStore, RememberedDevice } from '../storage/deviceStore.js';
import type { SignedInState } from '../types.js';

/**
 * What a sign-in reports about the device Cognito handed out with the tokens
 * (`NewDeviceMetadata`): confirmed and remembered in this browser, or not.
 *
 * - `confirmation: 'confirmed'`: `ConfirmDevice` registered it and the session's storage keeps it.
 *   `rememberRequired` is Cognito's `UserConfirmationNecessary`: the pool lets users opt in, so
 *   ask the user and call `rememberDevice(session)` if they agree; until then MFA is still asked.
 * - `confirmation: 'failed'`: the user is signed in all the same, but the device is not
 *   remembered (the next sign-in here is handed a new one). `error` says why; it holds no token
 *   and no device password.
 *
 * @example
 * ```ts
 * import { rememberDevice, signInWithPassword } from '@sessionkit/core';
 *
 * const result = await signInWithPassword(session, 'alice', password);
 * if (result.status === 'signedIn' && result.device?.confirmation === 'confirmed' && result.device.rememberRequired) {
 *   if (confirm('Remember this browser?')) await rememberDevice(session);
 * }
 * ```
 */
export type SignedInDevice =
  | { key: string; confirmation: 'confirmed'; rememberRequired: boolean }
  | { key: string; confirmation: 'failed'; error: SessionError };

/** The device choice of one sign-in over the session's device store (see {@link DeviceChoice}). */
export function chooseDevice(store: DeviceStore): DeviceChoice {
  let current: RememberedDevice | undefined;
  let owner: string | undefined;
  let isDropped = false;
  return {
    get current() {
      return current;
    },
    async find(username) {
      if (current || isDropped) return current;
      // Storage that fails to read counts as no device: the sign-in goes on, with MFA.
      current = await store.load(username).catch(() => undefined);
      if (current) owner = username;
      return current;
    },
    async drop() {
      isDropped = true;
      current = undefined;
      if (owner !== undefined) await store.remove(owner).catch(() => undefined);
    },
  };
}

/** `DeviceName` unless the app names the device: the browser's user agent, as AWS's clients do. */
export function defaultDeviceName(): string {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  return typeof agent === 'string' && agent.length > 0 ? agent : 'sessionkit';
}

/**
 * Confirms the device Cognito handed out with the tokens just adopted, then remembers it under the
 * signed-in user's name (the access token's `username`). Never rejects: the session is already
 * established, so a failure is reported instead of thrown.
 */
export async function confirmNewDevice(
  internals: SessionInternals,
  api: CognitoApiCall,
  store: DeviceStore,
  state: SignedInState,
  newDevice: NewDeviceMetadata,
  deviceName: string,
): Promise<SignedInDevice> {
  const key = newDevice.deviceKey;
  try {
    const username = state.accessClaims.username;
    if (!username) {
      throw new SessionError(
        'invalid_token',
        'The access token has no username claim, so the device cannot be remembered for the user.',
      );
    }
    const { device, rememberRequired } = await internals.call((context) =>
      confirmDevice(api, context, state.tokens.accessToken, newDevice, deviceName),
    );
    await store.save(username, device);
    return { key, confirmation: 'confirmed', rememberRequired };
  } catch (error) {
    const reason = toSessionError(
      error,
      'storage',
      'The device was confirmed but could not be stored; the next sign-in here asks for MFA again.',
    );
    return { key, confirmation: 'failed', error: reason };
  }
}

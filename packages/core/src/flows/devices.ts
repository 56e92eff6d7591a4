/**
 * The signed-in user's devices in a Cognito user pool that tracks them (docs/cognito-wire.md
 * section 7): remember this device (`UpdateDeviceStatus`), forget one (`ForgetDevice`), list them
 * (`ListDevices`). Each call is authorised by the session's current access token. The devices a
 * sign-in hands out and confirms are signInWithPassword's (deviceSignIn.ts).
 */
import { isSessionError, SessionError } from '../errors.js';
import type { CognitoProvider } from '../providers/cognito/cognito.js';
import { createCognitoApi } from '../providers/cognito/cognitoApi.js';
import { deviceApiError, sendDeviceOperation } from '../providers/cognito/deviceApi.js';
import { internalsOf, type SessionInternals } from '../session/internals.js';
import type { Session } from '../session.js';
import { deviceStore } from '../storage/deviceStore.js';
import type { SignedInState } from '../types.js';

/**
 * A device Cognito tracks for the user, as `listDevices` returns it.
 *
 * @example
 * ```ts
 * import { listDevices } from '@sessionkit/core';
 *
 * const { devices } = await listDevices(session);
 * const rows = devices.map((device) => `${device.name} · ${device.lastAuthenticatedAt?.toLocaleString()}`);
 * ```
 */
export interface TrackedDevice {
  /** Cognito's device key (`DeviceKey`), what `forgetDevice(session, key)` takes. */
  key: string;
  /** The name given at sign-in (attribute `device_name`), if any. */
  name: string | undefined;
  /** Every device attribute Cognito returned (`device_name`, `device_status`, `last_ip_used`…). */
  attributes: Record<string, string>;
  /** Whether Cognito remembers it (skips MFA on it); `dev:device_remembered_status`. */
  remembered: boolean;
  /** When Cognito first tracked the device (`DeviceCreateDate`); undefined if absent. */
  createdAt: Date | undefined;
  /** When the device's record last changed (`DeviceLastModifiedDate`); undefined if absent. */
  lastModifiedAt: Date | undefined;
  /** When the user last signed in on it (`DeviceLastAuthenticatedDate`); undefined if absent. */
  lastAuthenticatedAt: Date | undefined;
}

/**
 * Options of {@link listDevices}.
 * @example
 * ```ts
 * import type { ListDevicesOptions } from '@sessionkit/core';
 * import { listDevices } from '@sessionkit/core';
 *
 * const previous = await listDevices(session, { limit: 20 });
 * if (previous.paginationToken) {
 *   const options: ListDevicesOptions = { limit: 20, paginationToken: previous.paginationToken };
 *   const next = await listDevices(session, options);
 * }
 * ```
 */
export interface ListDevicesOptions {
  /** At most this many devices (Cognito allows 0–60). @default Cognito's default */
  limit?: number;
  /** The `paginationToken` of the previous page. */
  paginationToken?: string;
}

/**
 * A page of {@link listDevices}.
 * @example
 * ```ts
 * import { type DeviceList, listDevices } from '@sessionkit/core';
 *
 * const { devices, paginationToken }: DeviceList = await listDevices(session);
 * ```
 */
export interface DeviceList {
  /** The user's devices on this page, in Cognito's order (entries without a key left out). */
  devices: TrackedDevice[];
  /** Pass it to the next call for the next page; absent on the last page. */
  paginationToken?: string;
}

function cognitoOf(internals: SessionInternals): CognitoProvider {
  const provider = internals.provider as Partial<CognitoProvider>;
  if (provider.kind !== 'cognito') {
    throw new SessionError(
      'provider',
      'Devices are a Cognito feature: they need the cognito() provider.',
    );
  }
  return provider as CognitoProvider;
}

/** The current access token (refreshed if needed) and the signed-in state it belongs to. */
async function signedIn(session: Session) {
  const internals = internalsOf(session);
  const provider = cognitoOf(internals);
  const accessToken = await session.getAccessToken();
  const state = session.getState();
  if (state.status !== 'signedIn') throw new SessionError('signed_out', 'No user is signed in.');
  return { internals, provider, accessToken, state };
}

/** This browser's device: the access token's `device_key`. */
function thisDevice(state: SignedInState): string {
  const deviceKey = state.accessClaims.device_key;
  if (!deviceKey) {
    throw new SessionError(
      'provider',
      'This session has no device: Cognito hands one out only when the user pool tracks devices ' +
        'and the user signed in with signInWithPassword. To forget another device, pass its key.',
    );
  }
  return deviceKey;
}

/**
 * Remembers this browser's device for the signed-in user (`UpdateDeviceStatus` `remembered`):
 * the next sign-in here proves the device instead of asking for MFA. Needed when the pool lets
 * users opt in (a sign-in's `device.rememberRequired`); with "always remember" it is already so.
 * Rejects with `signed_out` when nobody is signed in.
 *
 * @example
 * ```ts
 * import { rememberDevice, signInWithPassword } from '@sessionkit/core';
 *
 * const result = await signInWithPassword(session, 'alice', password);
 * if (result.status === 'signedIn' && result.device?.confirmation === 'confirmed' && result.device.rememberRequired) {
 *   await rememberDevice(session);
 * }
 * ```
 */
export async function rememberDevice(session: Session): Promise<void> {
  const { internals, provider, accessToken, state } = await signedIn(session);
  const input = {
    AccessToken: accessToken,
    DeviceKey: thisDevice(state),
    DeviceRememberedStatus: 'remembered',
  };
  await internals.call((context) =>
    sendDeviceOperation(context, provider.endpoint, 'UpdateDeviceStatus', input),
  );
}

/**
 * Forgets a device of the signed-in user (`ForgetDevice`): by default this browser's, which is
 * then also removed from the session's storage (the next sign-in here asks for MFA and is handed
 * a new device); or another one, by its key from {@link listDevices}. Forgetting this device when
 * Cognito no longer knows it succeeds. Rejects with `signed_out` when nobody is signed in.
 *
 * @example
 * ```ts
 * import { forgetDevice, listDevices } from '@sessionkit/core';
 *
 * await forgetDevice(session); // this browser
 * const { devices } = await listDevices(session);
 * const [other] = devices;
 * if (other) await forgetDevice(session, other.key); // another one
 * ```
 */
export async function forgetDevice(session: Session, deviceKey?: string): Promise<void> {
  const { internals, provider, accessToken, state } = await signedIn(session);
  const current = state.accessClaims.device_key;
  const key = deviceKey ?? thisDevice(state);
  const isThisDevice = key === current;
  try {
    await internals.call((context) =>
      sendDeviceOperation(context, provider.endpoint, 'ForgetDevice', {
        AccessToken: accessToken,
        DeviceKey: key,
      }),
    );
  } catch (error) {
    const isGone = isSessionError(error) && error.providerCode === 'ResourceNotFoundException';
    if (!isThisDevice || !isGone) throw error;
  }
  const username = state.accessClaims.username;
  if (!isThisDevice || !username) return;
  const store = deviceStore(internals, provider.userPoolId);
  if ((await store.load(username))?.deviceKey === key) await store.remove(username);
}

function toDate(value: unknown): Date | undefined {
  // AWS JSON 1.1 sends timestamps as epoch seconds (with a fraction).
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  return undefined;
}

/** A `ListDevices` entry as a {@link TrackedDevice}; `null` for an entry without a key. */
export function readTrackedDevice(raw: unknown): TrackedDevice | null {
  const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof entry.DeviceKey !== 'string' || entry.DeviceKey === '') return null;
  const attributes: Record<string, string> = {};
  for (const attribute of Array.isArray(entry.DeviceAttributes) ? entry.DeviceAttributes : []) {
    const { Name, Value } = (attribute ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name === 'string' && typeof Value === 'string') attributes[Name] = Value;
  }
  return {
    key: entry.DeviceKey,
    name: attributes.device_name,
    attributes,
    // Cognito lists remembered devices; the attribute, when present, says so explicitly.
    remembered: attributes['dev:device_remembered_status'] !== 'not_remembered',
    createdAt: toDate(entry.DeviceCreateDate),
    lastModifiedAt: toDate(entry.DeviceLastModifiedDate),
    lastAuthenticatedAt: toDate(entry.DeviceLastAuthenticatedDate),
  };
}

/**
 * Lists the signed-in user's devices (`ListDevices`), a page at a time. Rejects with
 * `signed_out` when nobody is signed in.
 *
 * @example
 * ```ts
 * import { listDevices } from '@sessionkit/core';
 *
 * let page = await listDevices(session, { limit: 20 });
 * while (page.paginationToken) {
 *   page = await listDevices(session, { limit: 20, paginationToken: page.paginationToken });
 * }
 * ```
 */
export async function listDevices(
  session: Session,
  options: ListDevicesOptions = {},
): Promise<DeviceList> {
  const { internals, provider, accessToken } = await signedIn(session);
  const input = {
    AccessToken: accessToken,
    // JSON leaves it out when undefined.
    Limit: options.limit,
    ...(options.paginationToken ? { PaginationToken: options.paginationToken } : {}),
  };
  const callApi = createCognitoApi(provider.endpoint);
  const response = await internals.call((context) =>
    callApi(context, 'ListDevices', input, deviceApiError),
  );
  const body = response.json as { Devices?: unknown; PaginationToken?: unknown };
  const devices = (Array.isArray(body.Devices) ? body.Devices : [])
    .map(readTrackedDevice)
    .filter((device): device is TrackedDevice => device !== null);
  return typeof body.PaginationToken === 'string' && body.PaginationToken
    ? { devices, paginationToken: body.PaginationToken }
    : { devices };
}

import type { SessionInternals } from '../session/internals.js';

/**
 * A device Cognito tracks for a user (docs/cognito-wire.md section 7): its key and group from
 * `NewDeviceMetadata`, and the random password whose SRP verifier `ConfirmDevice` registered.
 * The password proves the device in `DEVICE_SRP_AUTH`; like a refresh token, it never leaves
 * the page's storage.
 */
export interface RememberedDevice {
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
}

/** Where a session keeps the devices of its pool's users. */
export interface DeviceStore {
  load(username: string): Promise<RememberedDevice | undefined>;
  save(username: string, device: RememberedDevice): Promise<void>;
  remove(username: string): Promise<void>;
}

/** Devices of sessions that persist nothing (`persist: 'none'`): this page's memory only. */
const inMemory = new WeakMap<SessionInternals, Map<string, RememberedDevice>>();

function isDevice(value: unknown): value is RememberedDevice {
  const device = value as Partial<RememberedDevice> | null;
  return (
    typeof device === 'object' &&
    device !== null &&
    [device.deviceKey, device.deviceGroupKey, device.devicePassword].every(
      (field) => typeof field === 'string' && field.length > 0,
    )
  );
}

/**
 * The devices of one user pool, per user, in the session's storage under keys of their own
 * (`sessionkit-device:<userPoolId>:<username>`), apart from the session record: sign-out removes
 * the record and keeps the device, so the next sign-in on it can skip MFA. With
 * `persist: 'none'` they live in this page's memory only. A stored value that is not a device
 * (corrupt, or written by something else) reads as no device.
 */
export function deviceStore(internals: SessionInternals, userPoolId: string): DeviceStore {
  const keyOf = (username: string) => `sessionkit-device:${userPoolId}:${username}`;
  if (internals.persist === 'none') {
    const memory = inMemory.get(internals) ?? new Map<string, RememberedDevice>();
    inMemory.set(internals, memory);
    return {
      load: async (username) => memory.get(keyOf(username)),
      save: async (username, device) => void memory.set(keyOf(username), { ...device }),
      remove: async (username) => void memory.delete(keyOf(username)),
    };
  }
  const { storage } = internals;
  return {
    async load(username) {
      const value = await storage.get(keyOf(username));
      return isDevice(value) ? value : undefined;
    },
    save: (username, device) => storage.set(keyOf(username), { ...device }),
    remove: (username) => storage.remove(keyOf(username)),
  };
}

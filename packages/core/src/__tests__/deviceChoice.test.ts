/**
 * The device side of a password sign-in (flows/deviceSignIn.ts): which remembered device one
 * sign-in presents (read once, never again once Cognito refused it, and only its owner's record
 * forgotten), the name a new device gets, and a device Cognito confirmed that the browser cannot
 * keep. deviceSignIn.test.ts has the devices that work, against the kit.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseDevice, confirmNewDevice, defaultDeviceName } from '../flows/deviceSignIn.js';
import type { DeviceStore, RememberedDevice } from '../storage/deviceStore.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import {
  signInWithPassword,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';

const DEVICE: RememberedDevice = {
  deviceKey: 'eu-west-1_device',
  deviceGroupKey: 'group',
  devicePassword: 'secret',
};

function fakeStore(devices: Record<string, RememberedDevice> = {}) {
  const store = {
    load: vi.fn(async (username: string) => devices[username]),
    save: vi.fn(async () => undefined),
    remove: vi.fn(async () => undefined),
  } satisfies DeviceStore;
  return store;
}

describe('chooseDevice', () => {
  it('reads the store once per sign-in, and keeps what it read', async () => {
    const store = fakeStore({ alice: DEVICE });
    const choice = chooseDevice(store);
    expect(choice.current).toBeUndefined();
    expect(await choice.find('alice')).toEqual(DEVICE);
    expect(await choice.find('alice')).toEqual(DEVICE);
    expect(choice.current).toEqual(DEVICE);
    expect(store.load).toHaveBeenCalledTimes(1);
  });

  it('once dropped (Cognito refused it), presents no device and forgets only its owner’s', async () => {
    const store = fakeStore({ alice: DEVICE });
    const choice = chooseDevice(store);
    await choice.find('alice');
    await choice.drop();
    expect(store.remove.mock.calls).toEqual([['alice']]);
    expect(choice.current).toBeUndefined();
    expect(await choice.find('alice')).toBeUndefined();
    expect(store.load).toHaveBeenCalledTimes(1);
  });

  it('a user without a device: nothing to forget, and the store is read again next time', async () => {
    const store = fakeStore();
    const choice = chooseDevice(store);
    expect(await choice.find('bob')).toBeUndefined();
    expect(await choice.find('bob')).toBeUndefined();
    expect(store.load).toHaveBeenCalledTimes(2);
    await choice.drop();
    expect(store.remove).not.toHaveBeenCalled();
  });

  it('a store that fails to read or to forget counts as no device, without a rejection', async () => {
    const store = fakeStore();
    store.load.mockRejectedValueOnce(new Error('IndexedDB gone'));
    const choice = chooseDevice(store);
    expect(await choice.find('alice')).toBeUndefined();
    const remembered = fakeStore({ alice: DEVICE });
    remembered.remove.mockRejectedValueOnce(new Error('IndexedDB gone'));
    const other = chooseDevice(remembered);
    await other.find('alice');
    await expect(other.drop()).resolves.toBeUndefined();
  });
});

describe('defaultDeviceName', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is the browser's user agent, as AWS's clients name devices", () => {
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0' });
    expect(defaultDeviceName()).toBe('Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0');
  });

  it.each<[string, unknown]>([
    ['no navigator', undefined],
    ['no user agent', {}],
    ['an empty user agent', { userAgent: '' }],
    ['a user agent that is not text', { userAgent: 42 }],
  ])('is sessionkit with %s', (_, navigator) => {
    vi.stubGlobal('navigator', navigator);
    expect(defaultDeviceName()).toBe('sessionkit');
  });
});

describe('confirmNewDevice', () => {
  const NEW_DEVICE = { deviceKey: 'eu-west-1_new', deviceGroupKey: 'group' };
  const signedIn = (username?: string) =>
    ({ tokens: { accessToken: 'a' }, accessClaims: username ? { username } : {} }) as never;

  it('an access token without a username: failed as invalid_token, nothing confirmed or kept', async () => {
    const store = fakeStore();
    const call = vi.fn();
    const result = await confirmNewDevice(
      { call } as never,
      vi.fn(),
      store,
      signedIn(),
      NEW_DEVICE,
      'n',
    );
    expect(result).toEqual({
      key: 'eu-west-1_new',
      confirmation: 'failed',
      error: expect.objectContaining({
        code: 'invalid_token',
        message:
          'The access token has no username claim, so the device cannot be remembered for the user.',
      }),
    });
    expect(call).not.toHaveBeenCalled();
    expect(store.save).not.toHaveBeenCalled();
  });

  it('a store that refuses the confirmed device: failed as storage, in words for the user', async () => {
    const store = fakeStore();
    store.save.mockRejectedValueOnce(new Error('QuotaExceededError'));
    const call = vi.fn(async () => ({ device: DEVICE, rememberRequired: false }));
    const result = await confirmNewDevice(
      { call } as never,
      vi.fn(),
      store,
      signedIn('alice'),
      NEW_DEVICE,
      'n',
    );
    expect(result).toEqual({
      key: 'eu-west-1_new',
      confirmation: 'failed',
      error: expect.objectContaining({
        name: 'SessionError',
        code: 'storage',
        message:
          'The device was confirmed but could not be stored; the next sign-in here asks for MFA again.',
      }),
    });
    expect(store.save.mock.calls).toEqual([['alice', DEVICE]]);
  });
});

describe("a confirmed device the session's storage refuses", () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('is kept in memory for this page with the session (storage fallback): confirmed', async () => {
    const pool = await startPool({ deviceTracking: 'always' });
    const inner = memoryStorage();
    const storage: TokenStorage = {
      ...inner,
      set: (key, value) =>
        key.startsWith('sessionkit-device:')
          ? Promise.reject(new Error('QuotaExceededError'))
          : inner.set(key, value),
    };
    const { session, recorder } = startSession({ storage });
    const result = await signInWithPassword(session, USER.username, USER.password);
    expect(result).toMatchObject({ status: 'signedIn', device: { confirmation: 'confirmed' } });
    expect(recorder.of('storageFallback')).toHaveLength(1);
    expect(await inner.get(`sessionkit-device:${USER_POOL_ID}:${USER.username}`)).toBeUndefined();
    expect(await pool.devices(USER.username)).toEqual([
      expect.objectContaining({ confirmed: true }),
    ]);
  });
});

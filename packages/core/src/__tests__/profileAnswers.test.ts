/**
 * How the profile and device flows read Cognito's answers (flows/profile.ts, flows/devices.ts):
 * what they keep of an answer that is not quite what AWS documents (a proxy, a newer API, a
 * broken mock), so a malformed entry is dropped instead of reaching the app as a half-read value.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readTrackedDevice } from '../flows/devices.js';
import { listDevices } from '../index.js';
import {
  answerNext,
  getUserAttributes,
  issue,
  sendUserAttributeVerificationCode,
  startPool,
  startSession,
  updateUserAttributes,
  useFakeClock,
  useMsw,
} from './harness.js';

describe('readTrackedDevice', () => {
  it.each([null, 'device', 42, {}, { DeviceKey: '' }, { DeviceKey: 7 }])(
    'reads %j as no device',
    (raw) => {
      expect(readTrackedDevice(raw)).toBeNull();
    },
  );

  it('keeps string attributes only, names the device, and reads both timestamp forms', () => {
    expect(
      readTrackedDevice({
        DeviceKey: 'eu-west-1_0000',
        DeviceAttributes: [
          { Name: 'device_name', Value: 'Work laptop' },
          { Name: 'dev:device_remembered_status', Value: 'remembered' },
          { Name: 'count', Value: 3 },
          { Name: 4, Value: 'four' },
          null,
        ],
        DeviceCreateDate: 1_767_225_600.5,
        DeviceLastModifiedDate: '2026-01-02T03:04:05Z',
        DeviceLastAuthenticatedDate: 'yesterday',
      }),
    ).toEqual({
      key: 'eu-west-1_0000',
      name: 'Work laptop',
      attributes: { device_name: 'Work laptop', 'dev:device_remembered_status': 'remembered' },
      remembered: true,
      createdAt: new Date(1_767_225_600_500),
      lastModifiedAt: new Date('2026-01-02T03:04:05Z'),
      lastAuthenticatedAt: undefined,
    });
  });

  it.each([
    ['not_remembered', false],
    ['remembered', true],
    [undefined, true],
  ])('reads the remembered status %s as %s', (status, remembered) => {
    const DeviceAttributes =
      status === undefined ? [] : [{ Name: 'dev:device_remembered_status', Value: status }];
    expect(readTrackedDevice({ DeviceKey: 'k', DeviceAttributes })?.remembered).toBe(remembered);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, null, {}])(
    'reads a timestamp of %s as none',
    (value) => {
      expect(
        readTrackedDevice({ DeviceKey: 'k', DeviceCreateDate: value })?.createdAt,
      ).toBeUndefined();
    },
  );
});

describe('answers the flows read leniently', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  async function signedIn() {
    const pool = await startPool();
    const { session } = startSession();
    await session.setTokens(await issue(pool));
    return { pool, session };
  }

  it('getUserAttributes keeps string attributes and known MFA factors, with defaults for the rest', async () => {
    const { session } = await signedIn();
    answerNext('GetUser', {
      UserAttributes: [
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'age', Value: 42 },
        { Name: 7, Value: 'seven' },
        null,
      ],
      UserMFASettingList: ['SMS_MFA', 'VOICE_MFA', 3, 'toString', 'SOFTWARE_TOKEN_MFA'],
      PreferredMfaSetting: 'constructor',
    });
    expect(await getUserAttributes(session)).toEqual({
      username: '',
      attributes: { sub: '', email: 'alice@example.com' },
      mfa: { enabled: ['sms', 'totp'], preferred: null },
    });
    answerNext('GetUser', {
      Username: 'alice',
      UserAttributes: 'none',
      UserMFASettingList: 'none',
    });
    expect(await getUserAttributes(session)).toEqual({
      username: 'alice',
      attributes: { sub: '' },
      mfa: { enabled: [], preferred: null },
    });
  });

  it('updateUserAttributes keeps the code deliveries it can read; only email and phone await a code', async () => {
    const { session } = await signedIn();
    answerNext('UpdateUserAttributes', {
      CodeDeliveryDetailsList: [
        { DeliveryMedium: 'EMAIL', Destination: 'a***@e***', AttributeName: 'email' },
        { DeliveryMedium: 'PIGEON', Destination: 'roof', AttributeName: 'phone_number' },
        { DeliveryMedium: 'SMS', Destination: '+*******0123', AttributeName: 'custom:pager' },
        { DeliveryMedium: 'SMS', Destination: 5 },
        'garbage',
        null,
      ],
    });
    const result = await updateUserAttributes(
      session,
      { email: 'alice@work.example' },
      { refresh: false },
    );
    expect(result).toEqual({
      awaitingVerification: ['email'],
      codeDeliveries: [
        { medium: 'EMAIL', destination: 'a***@e***', attributeName: 'email' },
        { medium: 'SMS', destination: '+*******0123', attributeName: 'custom:pager' },
        { medium: 'SMS', destination: '', attributeName: '' },
      ],
      claimsRefreshed: false,
    });
    // An answer of JSON null: nothing delivered that can be read.
    answerNext('GetUserAttributeVerificationCode', null);
    expect(await sendUserAttributeVerificationCode(session, 'email')).toEqual({
      codeDelivery: undefined,
    });
    answerNext('UpdateUserAttributes', { CodeDeliveryDetailsList: 'none' });
    expect(
      await updateUserAttributes(session, { name: 'Alice' }, { refresh: false }),
    ).toMatchObject({ awaitingVerification: [], codeDeliveries: [] });
    await expect(updateUserAttributes(session, { name: 'Bob', age: 42 as never })).rejects.toThrow(
      new TypeError(
        'updateUserAttributes(): attributes must map at least one attribute name to a string.',
      ),
    );
  });

  it('listDevices drops entries without a key and a pagination token that is not one', async () => {
    const { session } = await signedIn();
    const first = answerNext('ListDevices', {
      Devices: [{ DeviceKey: 'eu-west-1_1111' }, { DeviceAttributes: [] }, 'garbage'],
      PaginationToken: '',
    });
    const page = await listDevices(session);
    expect(page).toEqual({ devices: [expect.objectContaining({ key: 'eu-west-1_1111' })] });
    const second = answerNext('ListDevices', { Devices: 'none', PaginationToken: 42 });
    expect(await listDevices(session, { limit: 5 })).toEqual({ devices: [] });
    const third = answerNext('ListDevices', { Devices: [], PaginationToken: 'next' });
    expect(await listDevices(session)).toEqual({ devices: [], paginationToken: 'next' });
    // Limit goes out only when asked for.
    expect([...first, ...second, ...third].map((body) => 'Limit' in body)).toEqual([
      false,
      true,
      false,
    ]);
  });
});

/**
 * The kit's profile rules (profileState.ts) as pure functions of a pool state, and the input
 * checks of its profile operations (profileHandlers.ts) on the wire, each refusal word for word.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ALICE,
  callApi,
  cognitoRefusal,
  fakeUser,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';
import type { FakeUser } from './fakePoolTypes.js';
import { createEmptyPoolState, type PoolState } from './poolState.js';
import {
  deleteAttributes,
  deleteUser,
  requireWritable,
  sendAttributeCode,
  updateAttributes,
  verifyAttribute,
} from './profileState.js';

const { usePool } = setupPoolServer();
const NOW = Date.UTC(2026, 0, 1, 12);

const user = (username: string, attributes: Record<string, string> = {}) =>
  fakeUser(null, attributes, username);

function stateWith(...users: FakeUser[]): PoolState {
  return {
    ...createEmptyPoolState(),
    users: Object.fromEntries(users.map((one) => [one.username, one])),
  };
}

describe('which attributes may be written', () => {
  it('takes every standard attribute but sub and the verification marks', () => {
    const state = stateWith(user('alice'));
    const standard = [
      'address',
      'birthdate',
      'email',
      'family_name',
      'gender',
      'given_name',
      'locale',
      'middle_name',
      'name',
      'nickname',
      'phone_number',
      'picture',
      'preferred_username',
      'profile',
      'updated_at',
      'website',
      'zoneinfo',
    ];
    expect(() => requireWritable(state, standard)).not.toThrow();
    expect(
      cognitoRefusal(() =>
        requireWritable(state, ['sub', 'email_verified', 'phone_number_verified']),
      ),
    ).toEqual([
      'InvalidParameterException',
      'user.sub: Attribute cannot be updated.\nuser.email_verified: Attribute cannot be updated.\nuser.phone_number_verified: Attribute cannot be updated.\n',
    ]);
    expect(cognitoRefusal(() => requireWritable(state, ['sub'], 'deleted'))[1]).toBe(
      'user.sub: Attribute cannot be deleted.\n',
    );
  });

  it('takes a custom attribute some user of the pool has, and nothing else outside the schema', () => {
    const state = stateWith(user('alice'), user('bob', { 'custom:team': 'blue' }));
    expect(() => requireWritable(state, ['custom:team'])).not.toThrow();
    expect(cognitoRefusal(() => requireWritable(state, ['custom:role', 'team', 'name']))).toEqual([
      'InvalidParameterException',
      'user.custom:role: Attribute does not exist in the schema.\nuser.team: Attribute does not exist in the schema.\n',
    ]);
    // "team" on a user does not make "team" (without custom:) part of the schema.
    const plain = stateWith(user('alice', { team: 'x' }));
    expect(cognitoRefusal(() => requireWritable(plain, ['team']))[1]).toBe(
      'user.team: Attribute does not exist in the schema.\n',
    );
  });
});

describe('verification codes', () => {
  it('go to the pending new value, else the current one, as six digits; none without a value', () => {
    const alice = user('alice', { email: 'alice@example.com' });
    const state = stateWith(alice);
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      (array as Uint32Array)[0] = 3_000_042;
      return array;
    });
    try {
      expect(sendAttributeCode(state, alice, 'email', NOW)).toEqual({
        Destination: 'a***@e***',
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      });
      state.profile = {
        codes: state.profile?.codes ?? {},
        pending: { 'alice:email': 'new@other.org' },
      };
      sendAttributeCode(state, alice, 'email', NOW);
    } finally {
      random.mockRestore();
    }
    expect(state.sentCodes?.map((sent) => [sent.destination, sent.code, sent.purpose])).toEqual([
      ['alice@example.com', '000042', 'VERIFY_ATTRIBUTE'],
      ['new@other.org', '000042', 'VERIFY_ATTRIBUTE'],
    ]);
    expect(cognitoRefusal(() => sendAttributeCode(state, alice, 'phone_number', NOW))).toEqual([
      'InvalidParameterException',
      'user.phone_number: Attribute is not set.',
    ]);
  });

  it('verify only email and phone_number', () => {
    const alice = user('alice', { name: 'Alice' });
    expect(
      cognitoRefusal(() => verifyAttribute(stateWith(alice), alice, 'name', '123456', NOW)),
    ).toEqual(['InvalidParameterException', 'user.name: Attribute cannot be verified.']);
  });
});

describe('updating and deleting', () => {
  it('an empty value removes the attribute, and for an address its mark, sending no code', () => {
    const alice = user('alice', {
      email: 'alice@example.com',
      email_verified: 'true',
      name: 'Alice',
    });
    const state = stateWith(alice);
    const sent = updateAttributes(state, alice, { email: '', name: '', nickname: 'Al' }, NOW, [
      'email',
    ]);
    expect(sent).toEqual([]);
    expect(alice.attributes).toEqual({ nickname: 'Al' });
    expect(state.profile?.pending ?? {}).toEqual({});
  });

  it('a value as it is changes nothing and sends nothing', () => {
    const alice = user('alice', { email: 'alice@example.com', email_verified: 'true' });
    const state = stateWith(alice);
    expect(updateAttributes(state, alice, { email: 'alice@example.com' }, NOW)).toEqual([]);
    expect(alice.attributes.email_verified).toBe('true');
  });

  it('deletes an address with its mark, its code and its waiting value; other attributes alone', () => {
    const alice = user('alice', {
      email: 'alice@example.com',
      email_verified: 'true',
      name: 'Alice',
    });
    const state = stateWith(alice);
    updateAttributes(state, alice, { email: 'new@example.com' }, NOW, ['email']);
    expect(state.profile?.pending).toEqual({ 'alice:email': 'new@example.com' });
    deleteAttributes(state, alice, ['name']);
    expect(Object.keys(state.profile?.codes ?? {})).toEqual(['alice:email']);
    deleteAttributes(state, alice, ['email']);
    expect(alice.attributes).toEqual({});
    expect(state.profile).toEqual({ codes: {}, pending: {} });
  });

  it('deleting a user takes its codes and waiting values, not those of a user whose name it starts', () => {
    const ali = user('ali', {
      email: 'a@example.com',
      email_verified: 'true',
      phone_number: '+15550100',
      phone_number_verified: 'true',
    });
    const alice = user('alice', { email: 'b@example.com', email_verified: 'true' });
    // A username may hold a `:` (Cognito allows punctuation): its keys start with ali's.
    const aliColon = user('ali:2', { email: 'c@example.com', email_verified: 'true' });
    const state = stateWith(ali, alice, aliColon);
    for (const one of [ali, alice, aliColon]) {
      updateAttributes(state, one, { email: `new-${one.username}@example.com` }, NOW, ['email']);
    }
    updateAttributes(state, ali, { phone_number: '+15550199' }, NOW, ['phone_number']);
    expect(Object.keys(state.profile?.codes ?? {})).toContain('ali:phone_number');
    deleteUser(state, 'ali');
    expect(Object.keys(state.users)).toEqual(['alice', 'ali:2']);
    expect(Object.keys(state.profile?.codes ?? {})).toEqual(['alice:email', 'ali:2:email']);
    expect(state.profile?.pending).toEqual({
      'alice:email': 'new-alice@example.com',
      'ali:2:email': 'new-ali:2@example.com',
    });
    // A state without any profile yet.
    const bare = stateWith(user('carol'));
    deleteUser(bare, 'carol');
    expect(bare.users).toEqual({});
  });
});

describe('the profile operations refuse malformed input', () => {
  async function signedIn() {
    const pool = usePool();
    await pool.addUser({ ...ALICE, attributes: { email: 'alice@example.com', name: 'Alice' } });
    return (await signIn()).AccessToken;
  }

  it('UpdateUserAttributes: a list of Name and Value strings', async () => {
    const AccessToken = await signedIn();
    const update = (UserAttributes: unknown) =>
      callApi('UpdateUserAttributes', { AccessToken, UserAttributes });
    expect((await update(undefined)).json).toEqual({
      __type: 'InvalidParameterException',
      message: 'Missing required parameter UserAttributes',
    });
    for (const entries of [
      [null],
      [{ Name: '', Value: 'x' }],
      [{ Name: 'name' }],
      [{ Name: 7, Value: 'x' }],
    ]) {
      expect((await update(entries)).json).toEqual({
        __type: 'InvalidParameterException',
        message: 'Invalid UserAttributes',
      });
    }
    expect((await update([{ Name: 'name', Value: 'Ada' }])).status).toBe(200);
  });

  it('DeleteUserAttributes: 1 to 32 names, each a non-empty string', async () => {
    const AccessToken = await signedIn();
    const remove = (UserAttributeNames: unknown) =>
      callApi('DeleteUserAttributes', { AccessToken, UserAttributeNames });
    for (const missing of [undefined, null]) {
      expect((await remove(missing)).json).toEqual({
        __type: 'InvalidParameterException',
        message: 'Missing required parameter UserAttributeNames',
      });
    }
    const invalid = { __type: 'InvalidParameterException', message: 'Invalid UserAttributeNames' };
    for (const names of [
      [],
      'name',
      ['name', ''],
      ['name', 5],
      Array.from({ length: 33 }, () => 'name'),
    ]) {
      expect((await remove(names)).json).toEqual(invalid);
    }
    expect((await remove(Array.from({ length: 32 }, () => 'nickname'))).status).toBe(200);
  });

  it('GetUserAttributeVerificationCode: only an address can be verified', async () => {
    const AccessToken = await signedIn();
    expect(
      (await callApi('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'name' }))
        .json,
    ).toEqual({
      __type: 'InvalidParameterException',
      message: 'user.name: Attribute cannot be verified.',
    });
  });
});

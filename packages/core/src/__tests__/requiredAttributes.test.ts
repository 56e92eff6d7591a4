/**
 * A user an administrator created in a pool whose schema requires attributes the user lacks:
 * `NEW_PASSWORD_REQUIRED` lists them (as "userAttributes.<name>"), sessionkit reads them without
 * the prefix, and an answer without them is refused in sessionkit's words with Cognito's
 * "Invalid attributes given, name is missing" kept in providerMessage. AWS's own client answers
 * the same challenge against the kit. At SignUp: the required attributes, and names outside the
 * schema (the app's mistake, a `provider` error). The option itself takes standard attributes
 * only, and the profile cannot remove a required one.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import type { SessionError } from '../errors.js';
import { createFakeUserPool } from '../testing/index.js';
import { missingRequiredAttributes } from '../testing/newPassword.js';
import {
  CLIENT_ID,
  deleteUserAttributes,
  getUserAttributes,
  issue,
  REGION,
  rejection,
  requestsOf,
  signInWithPassword,
  signUp,
  startPool,
  startSession,
  USER_POOL_ID,
  updateUserAttributes,
  useMsw,
} from './harness.js';
import { referenceSignUp } from './referenceSignUp.js';
import { memoryStore } from './referenceStorage.js';

const NEW_HIRE = { username: 'newhire', password: 'Temp-Pass-1' } as const;
const REQUIRED = { requiredAttributes: ['email', 'name', 'family_name'] } as const;

async function poolWithNewHire() {
  const pool = await startPool(REQUIRED);
  await pool.addUser({
    ...NEW_HIRE,
    status: 'FORCE_CHANGE_PASSWORD',
    attributes: { email: 'newhire@example.com' },
  });
  return pool;
}

describe('missingRequiredAttributes (pure)', () => {
  it.each([
    [{}, {}, ['email', 'name']],
    [{ email: 'a@b.c' }, {}, ['name']],
    [{ email: '' }, { 'userAttributes.name': 'A' }, ['email']],
    [{}, { 'userAttributes.email': 'a@b.c', 'userAttributes.name': 'A' }, []],
    [{}, { email: 'a@b.c', name: 'A' }, ['email', 'name']],
  ])('user %j answering %j lacks %j', (attributes, answers, missing) => {
    expect(missingRequiredAttributes({ attributes }, ['email', 'name'], answers)).toEqual(missing);
  });
});

describe('the requiredAttributes option', () => {
  const poolRequiring = (requiredAttributes: string[]) =>
    createFakeUserPool({
      region: REGION,
      userPoolId: USER_POOL_ID,
      clientId: CLIENT_ID,
      requiredAttributes,
    });

  it.each([
    ['custom:tenant', /cannot hold "custom:tenant": Cognito refuses a required custom attribute/],
    ['shoe_size', /takes Cognito's standard attributes .*got "shoe_size"/],
    ['email_verified', /got "email_verified"/],
  ])('refuses %s, as CreateUserPool would', (name, message) => {
    expect(() => poolRequiring(['email', name])).toThrow(message);
  });

  it('takes standard attributes', () => {
    expect(() => poolRequiring(['email', 'name', 'address'])).not.toThrow();
  });
});

describe('required attributes at NEW_PASSWORD_REQUIRED', () => {
  useMsw();

  it('lists what the user lacks without the prefix, refuses an answer without them, then takes them', async () => {
    const pool = await poolWithNewHire();
    const { session } = startSession();
    const step = await signInWithPassword(session, NEW_HIRE.username, NEW_HIRE.password);
    if (step.status !== 'challenge') throw new Error('expected NEW_PASSWORD_REQUIRED');
    expect(step.name).toBe('NEW_PASSWORD_REQUIRED');
    expect(step.parameters.requiredAttributes).toEqual(['name', 'family_name']);
    expect(step.parameters.userAttributes).toEqual({ email: 'newhire@example.com' });

    const error = (await step
      .respond({ NEW_PASSWORD: 'Brand-New-Pass-2', 'userAttributes.name': 'Nia' })
      .catch((caught: unknown) => caught)) as SessionError;
    expect(error).toMatchObject({
      code: 'challenge',
      providerCode: 'InvalidParameterException',
      providerMessage: 'Invalid attributes given, family_name is missing',
      message:
        "Sign-in failed (InvalidParameterException): The answer lacks attributes the user pool requires: answer each of the challenge's requiredAttributes as userAttributes.<name>.",
    });
    expect(session.getState().status).toBe('signedOut');

    const done = await step.respond({
      NEW_PASSWORD: 'Brand-New-Pass-2',
      'userAttributes.name': 'Nia',
      'userAttributes.family_name': 'Hire',
    });
    expect(done).toMatchObject({
      status: 'signedIn',
      user: { name: 'Nia', family_name: 'Hire', email: 'newhire@example.com' },
    });
    const [, , answered] = requestsOf(pool, 'RespondToAuthChallenge');
    expect(answered?.body).toMatchObject({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ChallengeResponses: { 'userAttributes.family_name': 'Hire', 'userAttributes.name': 'Nia' },
    });
  });

  it('names every missing attribute, the last after "and"', async () => {
    await poolWithNewHire();
    const step = await signInWithPassword(
      startSession().session,
      NEW_HIRE.username,
      NEW_HIRE.password,
    );
    if (step.status !== 'challenge') throw new Error('expected NEW_PASSWORD_REQUIRED');
    await expect(step.respond({ NEW_PASSWORD: 'Brand-New-Pass-2' })).rejects.toMatchObject({
      providerMessage: 'Invalid attributes given, name and family_name is missing',
    });
  });

  it('asks nothing of a user who has them all, or in a pool that requires none', async () => {
    const pool = await startPool(REQUIRED);
    await pool.addUser({
      ...NEW_HIRE,
      status: 'FORCE_CHANGE_PASSWORD',
      attributes: { email: 'n@example.com', name: 'Nia', family_name: 'Hire' },
    });
    const step = await signInWithPassword(
      startSession().session,
      NEW_HIRE.username,
      NEW_HIRE.password,
    );
    expect(step).toMatchObject({ parameters: { requiredAttributes: [] } });
    if (step.status !== 'challenge') throw new Error('expected NEW_PASSWORD_REQUIRED');
    expect((await step.respond({ NEW_PASSWORD: 'Brand-New-Pass-2' })).status).toBe('signedIn');
  });

  it("AWS's client gets the prefixed names and completes the challenge with them", async () => {
    await poolWithNewHire();
    const referencePool = new CognitoUserPool({
      UserPoolId: USER_POOL_ID,
      ClientId: CLIENT_ID,
      Storage: memoryStore(),
    });
    const user = new CognitoUser({
      Username: NEW_HIRE.username,
      Pool: referencePool,
      Storage: memoryStore(),
    });
    const outcome = await new Promise<{ required: string[]; session: CognitoUserSession }>(
      (resolve, reject) => {
        let required: string[] = [];
        const callbacks = {
          onSuccess: (session: CognitoUserSession) => resolve({ required, session }),
          onFailure: reject,
          newPasswordRequired: (_attributes: unknown, requiredAttributes: string[]) => {
            required = requiredAttributes;
            user.completeNewPasswordChallenge(
              'Brand-New-Pass-2',
              { name: 'Nia', family_name: 'Hire' },
              callbacks,
            );
          },
        };
        user.authenticateUser(
          new AuthenticationDetails({ Username: NEW_HIRE.username, Password: NEW_HIRE.password }),
          callbacks,
        );
      },
    );
    // amazon-cognito-identity-js drops the prefix itself.
    expect(outcome.required).toEqual(['name', 'family_name']);
    expect(outcome.session.getIdToken().payload).toMatchObject({
      name: 'Nia',
      family_name: 'Hire',
    });
  });
});

describe('required attributes at SignUp', () => {
  useMsw();

  it('refuses a sign-up without them, one line each, in sessionkit words; takes one with them', async () => {
    const pool = await startPool({ requiredAttributes: ['name', 'family_name'] });
    const { session } = startSession();
    const error = (await signUp(session, {
      username: 'zoe',
      password: 'Zoe-Passw0rd!',
      attributes: { email: 'zoe@example.com', name: 'Zoe' },
    }).catch((caught: unknown) => caught)) as SessionError;
    expect(error).toMatchObject({
      code: 'challenge',
      providerCode: 'InvalidParameterException',
      providerMessage:
        'Attributes did not conform to the schema: family_name: The attribute is required\n',
      message:
        'An attribute the user pool requires is missing; send it in attributes. (InvalidParameterException)',
    });
    expect(await pool.hasUser('zoe')).toBe(false);
    await expect(
      signUp(session, { username: 'zoe', password: 'Zoe-Passw0rd!', attributes: {} }),
    ).rejects.toMatchObject({
      providerMessage:
        'Attributes did not conform to the schema: name: The attribute is required\nfamily_name: The attribute is required\n',
    });
    await signUp(session, {
      username: 'zoe',
      password: 'Zoe-Passw0rd!',
      attributes: { name: 'Zoe', family_name: 'Lee' },
    });
    expect(await pool.hasUser('zoe')).toBe(true);
  });

  it("refuses a name outside the schema as the app's mistake, one line each before the missing ones; takes custom: ones", async () => {
    const pool = await startPool({ requiredAttributes: ['name'] });
    const { session } = startSession();
    const attempt = (attributes: Record<string, string>) =>
      signUp(session, { username: 'zoe', password: 'Zoe-Passw0rd!', attributes }).catch(
        (caught: unknown) => caught as SessionError,
      );
    expect(await attempt({ name: 'Zoe', favorite_flavor: 'mint' })).toMatchObject({
      code: 'provider',
      providerCode: 'InvalidParameterException',
      providerMessage:
        'Attributes did not conform to the schema: favorite_flavor: Attribute does not exist in the schema.\n',
      message:
        "An attribute is not in the user pool's schema (custom ones take the custom: prefix). (InvalidParameterException)",
    });
    // Still the app's mistake when a required one is missing too.
    expect(await attempt({ shoe_size: '42', email_verified: 'true' })).toMatchObject({
      code: 'provider',
      providerMessage:
        'Attributes did not conform to the schema: shoe_size: Attribute does not exist in the schema.\nname: The attribute is required\n',
    });
    expect(await pool.hasUser('zoe')).toBe(false);
    expect(await pool.sentCodes()).toEqual([]);
    await signUp(session, {
      username: 'zoe',
      password: 'Zoe-Passw0rd!',
      attributes: { name: 'Zoe', 'custom:favorite_flavor': 'mint' },
    });
    expect(await pool.hasUser('zoe')).toBe(true);
  });

  it("AWS's client gets the same refusal for a name outside the schema", async () => {
    await startPool();
    await expect(
      referenceSignUp('zoe', 'Zoe-Passw0rd!', { favorite_flavor: 'mint' }),
    ).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message:
        'Attributes did not conform to the schema: favorite_flavor: Attribute does not exist in the schema.\n',
    });
  });

  it('counts the address a pool signs users in with', async () => {
    const pool = await startPool({ requiredAttributes: ['email'], usernameAttributes: ['email'] });
    const { session } = startSession();
    await signUp(session, { username: 'yan@example.com', password: 'Yan-Passw0rd!' });
    expect((await pool.sentCodes()).at(-1)).toMatchObject({ destination: 'yan@example.com' });
  });
});

describe('required attributes in the profile', () => {
  useMsw();

  it("refuses removing one (DeleteUserAttributes, or an empty value) as the app's mistake; the session stays", async () => {
    const pool = await startPool({ requiredAttributes: ['name'] });
    const { session } = startSession();
    await session.setTokens(await issue(pool));
    await updateUserAttributes(session, { name: 'Alice', nickname: 'Al' }, { refresh: false });
    for (const attempt of [
      () => deleteUserAttributes(session, ['nickname', 'name'], { refresh: false }),
      () => updateUserAttributes(session, { name: '' }, { refresh: false }),
    ]) {
      expect(await rejection(attempt())).toMatchObject({
        code: 'provider',
        providerCode: 'InvalidParameterException',
        providerMessage: 'user.name: The attribute is required\n',
        message:
          'An attribute the user pool requires cannot be removed. (InvalidParameterException)',
      });
    }
    expect(session.getState().status).toBe('signedIn');
    expect((await getUserAttributes(session)).attributes).toMatchObject({
      name: 'Alice',
      nickname: 'Al',
    });
    await deleteUserAttributes(session, ['nickname'], { refresh: false });
    expect((await getUserAttributes(session)).attributes.nickname).toBeUndefined();
  });
});

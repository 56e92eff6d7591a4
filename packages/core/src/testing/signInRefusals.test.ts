import { describe, expect, it } from 'vitest';
import {
  ALICE,
  callApi,
  cognitoRefusal,
  createClock,
  OTHER_CLIENT,
  POOL_CONFIG,
  setupPoolServer,
} from './cognitoTestClient.js';
import type { FakeUser } from './fakePoolTypes.js';
import { answerNewPassword } from './newPassword.js';
import { DEFAULT_PASSWORD_POLICY } from './passwordPolicy.js';

const { usePool, useTwoAppClients } = setupPoolServer();

const passwordSignIn = (username: string, password: string) =>
  callApi('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });

describe('sign-in refusals, word for word', () => {
  it('a user who must reset the password', async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE, status: 'RESET_REQUIRED' });
    const answer = await passwordSignIn(ALICE.username, ALICE.password);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      __type: 'PasswordResetRequiredException',
      message: 'Password reset required for the user',
    });
  });

  it('a user disabled between the password and the MFA code gets no tokens', async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE, mfa: { type: 'SMS_MFA', code: '123456' } });
    const challenge = await passwordSignIn(ALICE.username, ALICE.password);
    expect(challenge.json.ChallengeName).toBe('SMS_MFA');
    await pool.disableUser(ALICE.username);
    const answer = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'SMS_MFA',
      Session: challenge.json.Session,
      ChallengeResponses: { USERNAME: ALICE.username, SMS_MFA_CODE: '123456' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ __type: 'NotAuthorizedException', message: 'User is disabled.' });
  });
});

describe("a challenge's Session belongs to its user", () => {
  it('is refused under another username, for a deleted user, or when it is not a string', async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE, mfa: { type: 'SMS_MFA', code: '123456' } });
    await pool.addUser({ username: 'bob', password: ALICE.password });
    const challenge = await passwordSignIn(ALICE.username, ALICE.password);
    const respond = (Session: unknown, USERNAME: string) =>
      callApi('RespondToAuthChallenge', {
        ClientId: POOL_CONFIG.clientId,
        ChallengeName: 'SMS_MFA',
        Session,
        ChallengeResponses: { USERNAME, SMS_MFA_CODE: '123456' },
      });
    const expired = {
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    };
    expect((await respond(challenge.json.Session, 'bob')).json).toEqual(expired);
    expect((await respond(42, ALICE.username)).json).toEqual(expired);
    // Refused answers leave the Session usable.
    const answer = await respond(challenge.json.Session, ALICE.username);
    expect(answer.json.AuthenticationResult.AccessToken).toEqual(expect.any(String));
    const again = await passwordSignIn(ALICE.username, ALICE.password);
    const deleted = await callApi('DeleteUser', {
      AccessToken: answer.json.AuthenticationResult.AccessToken,
    });
    expect(deleted.status).toBe(200);
    expect((await respond(again.json.Session, ALICE.username)).json).toEqual(expired);
  });

  it('is refused for another challenge than it asked, at its expiry, and under another app client', async () => {
    const clock = createClock();
    const pool = useTwoAppClients({ now: clock.now });
    await pool.addUser({ ...ALICE, mfa: { type: 'SMS_MFA', code: '123456' } });
    const respond = (
      Session: string,
      answer: { ChallengeName?: string; USERNAME?: string; at?: typeof OTHER_CLIENT } = {},
    ) =>
      callApi(
        'RespondToAuthChallenge',
        {
          ClientId: answer.at?.clientId ?? POOL_CONFIG.clientId,
          ChallengeName: answer.ChallengeName ?? 'SMS_MFA',
          Session,
          ChallengeResponses: {
            USERNAME: answer.USERNAME ?? ALICE.username,
            SMS_MFA_CODE: '123456',
            SOFTWARE_TOKEN_MFA_CODE: '123456',
          },
        },
        answer.at ? { url: answer.at.url } : {},
      );
    const expired = {
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    };
    const { Session } = (await passwordSignIn(ALICE.username, ALICE.password)).json;
    expect((await respond(Session, { ChallengeName: 'SOFTWARE_TOKEN_MFA' })).json).toEqual(expired);
    expect((await respond(Session, { at: OTHER_CLIENT })).json).toEqual(expired);
    expect((await respond(Session, { USERNAME: '' })).json).toEqual({
      __type: 'InvalidParameterException',
      message: 'Missing required parameter USERNAME',
    });
    clock.advance(180_000);
    expect((await respond(Session)).json).toEqual(expired);
    const fresh = (await passwordSignIn(ALICE.username, ALICE.password)).json.Session;
    clock.advance(179_999);
    expect((await respond(fresh)).status).toBe(200);
  });
});

describe('answerNewPassword (NEW_PASSWORD_REQUIRED)', () => {
  const pool = (requiredAttributes: string[]) => ({
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    requiredAttributes,
  });
  const invited = (): FakeUser => ({
    username: 'alice',
    password: 'Temp-Pass-1',
    sub: 'sub-1',
    attributes: { email: 'alice@example.com' },
    groups: [],
    status: 'FORCE_CHANGE_PASSWORD',
    mfa: null,
    temporaryPasswordSetAt: 0,
  });

  it('names every required attribute the user lacks, joined with "and"', () => {
    const cases: Array<[string[], string]> = [
      [['name'], 'name'],
      [['name', 'birthdate'], 'name and birthdate'],
      [['name', 'birthdate', 'locale'], 'name, birthdate and locale'],
    ];
    for (const [required, names] of cases) {
      const user = invited();
      expect(
        cognitoRefusal(() => answerNewPassword(user, {}, pool(required), 'New-Pass-1!')),
      ).toEqual(['InvalidParameterException', `Invalid attributes given, ${names} is missing`]);
      // Refused: nothing of the user changed.
      expect(user).toEqual(invited());
    }
  });

  it('confirms the user with the new password and only the answered attributes', () => {
    const user = invited();
    answerNewPassword(
      user,
      {
        USERNAME: 'alice',
        NEW_PASSWORD: 'New-Pass-1!',
        'userAttributes.name': 'Alice',
        'userAttributes.locale': 7,
        name: 'not an attribute',
      },
      pool(['name', 'email']),
      'New-Pass-1!',
    );
    expect(user).toEqual({
      ...invited(),
      password: 'New-Pass-1!',
      status: 'CONFIRMED',
      attributes: { email: 'alice@example.com', name: 'Alice' },
      temporaryPasswordSetAt: undefined,
    });
    expect(user).not.toHaveProperty('temporaryPasswordSetAt');
  });

  it('refuses a new password the policy refuses, before looking at attributes', () => {
    expect(cognitoRefusal(() => answerNewPassword(invited(), {}, pool(['name']), 'short'))).toEqual(
      ['InvalidPasswordException', expect.stringMatching(/^Password does not conform to policy: /)],
    );
  });
});

import { describe, expect, it, vi } from 'vitest';
import { cognitoRefusal, fakeUser } from './cognitoTestClient.js';
import {
  answerMfaChallenge,
  lastSentCode,
  type MfaChallengeName,
  pendingMfaChallenge,
  prepareMfaChallenge,
  sentCodesOf,
} from './mfaChallenges.js';
import { MFA_FACTORS, type PoolMfaConfig } from './mfaPolicy.js';
import type { ChallengeRecord, PoolState } from './poolState.js';

const user = fakeUser;

const OPTIONAL: PoolMfaConfig = { mode: 'optional', factors: MFA_FACTORS };
const SECRET = 'JBSWY3DPEHPK3PXP';

function challenge(
  challengeName: MfaChallengeName,
  extra: Partial<Omit<ChallengeRecord, 'challengeName'>> = {},
): ChallengeRecord & { challengeName: MfaChallengeName } {
  return { username: 'alice', clientId: 'client', challengeName, expiresAt: 0, ...extra };
}

/** The Cognito error a call throws, as type and message. */

describe('answerMfaChallenge', () => {
  it('SOFTWARE_TOKEN_MFA: a code of the verified secret, or the fixed code, passes', () => {
    const who = user({ enabled: ['SOFTWARE_TOKEN_MFA'], totpSecret: SECRET });
    const proof = { secret: SECRET, codes: ['111111', '222222'] };
    const answer = (code: unknown, totp = proof, target = who) =>
      answerMfaChallenge(
        challenge('SOFTWARE_TOKEN_MFA'),
        target,
        { SOFTWARE_TOKEN_MFA_CODE: code },
        totp,
        OPTIONAL,
      );
    expect(answer('222222')).toBeNull();
    expect(cognitoRefusal(() => answer('333333'))).toEqual([
      'CodeMismatchException',
      'Invalid code received for user',
    ]);
    // Codes of another secret are not this user's.
    expect(
      cognitoRefusal(() => answer('111111', { secret: 'OTHERSECRET', codes: ['111111'] })),
    ).toEqual(['CodeMismatchException', 'Invalid code received for user']);
    expect(cognitoRefusal(() => answer('111111', null as never))).toEqual([
      'CodeMismatchException',
      'Invalid code received for user',
    ]);
    const fixed = user({
      enabled: ['SOFTWARE_TOKEN_MFA'],
      fixedCodes: { SOFTWARE_TOKEN_MFA: '9' },
    });
    expect(answer('9', null as never, fixed)).toBeNull();
    expect(cognitoRefusal(() => answer('111111', proof, fixed))[0]).toBe('CodeMismatchException');
    for (const missing of [undefined, '', 123456]) {
      expect(cognitoRefusal(() => answer(missing))).toEqual([
        'InvalidParameterException',
        'Missing required parameter SOFTWARE_TOKEN_MFA_CODE',
      ]);
    }
  });

  it('SOFTWARE_TOKEN_MFA without an authenticator is not found', () => {
    expect(
      cognitoRefusal(() =>
        answerMfaChallenge(
          challenge('SOFTWARE_TOKEN_MFA'),
          user({ enabled: ['SOFTWARE_TOKEN_MFA'] }),
          { SOFTWARE_TOKEN_MFA_CODE: '123456' },
          { secret: SECRET, codes: ['123456'] },
          OPTIONAL,
        ),
      ),
    ).toEqual([
      'SoftwareTokenMFANotFoundException',
      'Software Token MFA does not exist for the user.',
    ]);
  });

  it('SMS_MFA and EMAIL_OTP: the code sent, in their own field', () => {
    for (const [name, field] of [
      ['SMS_MFA', 'SMS_MFA_CODE'],
      ['EMAIL_OTP', 'EMAIL_OTP_CODE'],
    ] as const) {
      const open = challenge(name, { code: '246810' });
      const who = user({ enabled: [name] }, { email: 'a@example.com', email_verified: 'false' });
      expect(answerMfaChallenge(open, who, { [field]: '246810' }, null, OPTIONAL)).toBeNull();
      // Answering a challenge that is not set-up changes nothing of the user.
      expect(who.attributes.email_verified).toBe('false');
      expect(
        cognitoRefusal(() => answerMfaChallenge(open, who, { [field]: '246811' }, null, OPTIONAL)),
      ).toEqual(['CodeMismatchException', 'Invalid code or auth state for the user.']);
      const other = name === 'SMS_MFA' ? 'EMAIL_OTP_CODE' : 'SMS_MFA_CODE';
      expect(
        cognitoRefusal(() => answerMfaChallenge(open, who, { [other]: '246810' }, null, OPTIONAL)),
      ).toEqual(['InvalidParameterException', `Missing required parameter ${field}`]);
    }
  });

  it('EMAIL_OTP opened by MFA_SETUP: the right code verifies the address and turns it on', () => {
    const who = user(
      { enabled: ['SMS_MFA'], totpSecret: SECRET, fixedCodes: { EMAIL_OTP: '1', SMS_MFA: '2' } },
      { email: 'a@example.com' },
    );
    const open = challenge('EMAIL_OTP', { code: '135790', setsUp: 'EMAIL_OTP' });
    expect(answerMfaChallenge(open, who, { EMAIL_OTP_CODE: '135790' }, null, OPTIONAL)).toBeNull();
    expect(who.attributes.email_verified).toBe('true');
    expect(who.mfa).toMatchObject({
      enabled: ['SMS_MFA', 'EMAIL_OTP'],
      fixedCodes: { SMS_MFA: '2' },
    });
    expect(who.mfa?.fixedCodes).not.toHaveProperty('EMAIL_OTP');
    // The authenticator the user already has is kept.
    expect(who.mfa?.totpSecret).toBe(SECRET);
    // Turning on a factor already on keeps one entry.
    answerMfaChallenge(open, who, { EMAIL_OTP_CODE: '135790' }, null, OPTIONAL);
    expect(who.mfa?.enabled).toEqual(['SMS_MFA', 'EMAIL_OTP']);
  });

  it('SELECT_MFA_TYPE: one of MFAS_CAN_CHOOSE opens it, anything else is refused', () => {
    const who = user({ enabled: ['SMS_MFA', 'EMAIL_OTP'] }, { email: 'a@example.com' });
    const open = challenge('SELECT_MFA_TYPE');
    expect(answerMfaChallenge(open, who, { ANSWER: 'EMAIL_OTP' }, null, OPTIONAL)).toEqual({
      next: 'EMAIL_OTP',
    });
    expect(
      cognitoRefusal(() =>
        answerMfaChallenge(open, who, { ANSWER: 'SOFTWARE_TOKEN_MFA' }, null, OPTIONAL),
      ),
    ).toEqual([
      'InvalidParameterException',
      'Invalid ANSWER: SOFTWARE_TOKEN_MFA is not one of MFAS_CAN_CHOOSE',
    ]);
    // A long answer is cut at 32 characters in the message.
    expect(
      cognitoRefusal(() =>
        answerMfaChallenge(open, who, { ANSWER: 'X'.repeat(40) }, null, OPTIONAL),
      )[1],
    ).toBe(`Invalid ANSWER: ${'X'.repeat(32)} is not one of MFAS_CAN_CHOOSE`);
    // Once the user has a preferred factor there is nothing to choose.
    const decided = user({ enabled: ['SMS_MFA', 'EMAIL_OTP'], preferred: 'SMS_MFA' });
    expect(
      cognitoRefusal(() =>
        answerMfaChallenge(open, decided, { ANSWER: 'SMS_MFA' }, null, OPTIONAL),
      )[0],
    ).toBe('InvalidParameterException');
  });

  it('MFA_SETUP with EMAIL: an address in a pool with email codes opens EMAIL_OTP to it', () => {
    const who = user(null);
    const open = challenge('MFA_SETUP');
    expect(answerMfaChallenge(open, who, { EMAIL: 'new@example.com' }, null, OPTIONAL)).toEqual({
      next: 'EMAIL_OTP',
      record: { setsUp: 'EMAIL_OTP' },
    });
    expect(who.attributes.email).toBe('new@example.com');
    for (const email of [
      'not-an-address',
      'a@b@c',
      ' a@example.com',
      'a@example.com ',
      '@example.com',
      'a@',
    ]) {
      expect(
        cognitoRefusal(() =>
          answerMfaChallenge(open, user(null), { EMAIL: email }, null, OPTIONAL),
        ),
      ).toEqual(['InvalidParameterException', 'Invalid EMAIL for MFA_SETUP']);
    }
    const noEmail: PoolMfaConfig = { mode: 'required', factors: ['SOFTWARE_TOKEN_MFA'] };
    expect(
      cognitoRefusal(() =>
        answerMfaChallenge(open, who, { EMAIL: 'a@example.com' }, null, noEmail),
      ),
    ).toEqual(['InvalidParameterException', 'Invalid EMAIL for MFA_SETUP']);
  });

  it('MFA_SETUP: completes only with a verified authenticator, which it turns on', () => {
    const who = user(null);
    const unverified = challenge('MFA_SETUP', { totp: { secret: SECRET, isVerified: false } });
    for (const open of [challenge('MFA_SETUP'), unverified]) {
      expect(cognitoRefusal(() => answerMfaChallenge(open, who, {}, null, OPTIONAL))).toEqual([
        'NotAuthorizedException',
        'Invalid session for the user.',
      ]);
    }
    // An EMAIL answer after AssociateSoftwareToken does not switch to email codes.
    expect(
      cognitoRefusal(() =>
        answerMfaChallenge(unverified, who, { EMAIL: 'a@example.com' }, null, OPTIONAL),
      )[0],
    ).toBe('NotAuthorizedException');
    const verified = challenge('MFA_SETUP', { totp: { secret: SECRET, isVerified: true } });
    expect(answerMfaChallenge(verified, who, {}, null, OPTIONAL)).toBeNull();
    expect(who.mfa).toMatchObject({ enabled: ['SOFTWARE_TOKEN_MFA'], totpSecret: SECRET });
  });
});

describe('opening MFA challenges and the codes sent', () => {
  const now = Date.UTC(2026, 0, 1);

  it('names the challenge a user owes', () => {
    const required: PoolMfaConfig = { mode: 'required', factors: MFA_FACTORS };
    expect(pendingMfaChallenge(user(null), OPTIONAL)).toBeNull();
    expect(pendingMfaChallenge(user({ enabled: ['SMS_MFA'] }), OPTIONAL)).toBe('SMS_MFA');
    expect(pendingMfaChallenge(user({ enabled: ['SMS_MFA', 'EMAIL_OTP'] }), OPTIONAL)).toBe(
      'SELECT_MFA_TYPE',
    );
    expect(pendingMfaChallenge(user(null), required)).toBe('MFA_SETUP');
  });

  it('lists the choices and what can be set up as JSON strings', () => {
    const state = {} as PoolState;
    const context = { mfa: OPTIONAL, now };
    const two = user({ enabled: ['SMS_MFA', 'EMAIL_OTP'] });
    expect(prepareMfaChallenge(state, two, 'SELECT_MFA_TYPE', context).parameters).toEqual({
      MFAS_CAN_CHOOSE: '["SMS_MFA","EMAIL_OTP"]',
    });
    expect(prepareMfaChallenge(state, user(null), 'SELECT_MFA_TYPE', context).parameters).toEqual({
      MFAS_CAN_CHOOSE: '[]',
    });
    expect(prepareMfaChallenge(state, user(null), 'MFA_SETUP', context).parameters).toEqual({
      MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA","SMS_MFA","EMAIL_OTP"]',
    });
    expect(prepareMfaChallenge(state, two, 'SOFTWARE_TOKEN_MFA', context)).toEqual({
      parameters: {},
      record: {},
    });
    expect(state.sentCodes).toBeUndefined();
  });

  it('sends six-digit codes (or the fixed one), records them, and lists them per user', () => {
    const state = {} as PoolState;
    const context = { mfa: OPTIONAL, now };
    const alice = user({ enabled: ['SMS_MFA'] }, { phone_number: '+15550100123' });
    const bob = {
      ...user(
        { enabled: ['EMAIL_OTP'], fixedCodes: { EMAIL_OTP: '424242' } },
        { email: 'bob@example.com' },
      ),
      username: 'bob',
    };
    const values = vi
      .spyOn(globalThis.crypto, 'getRandomValues')
      .mockImplementationOnce((array) => {
        (array as Uint32Array)[0] = 4_000_000_007;
        return array;
      });
    const sms = prepareMfaChallenge(state, alice, 'SMS_MFA', context);
    values.mockRestore();
    expect(sms).toEqual({
      parameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
        CODE_DELIVERY_DESTINATION: '+*******0123',
      },
      record: { code: '000007' },
    });
    const email = prepareMfaChallenge(state, bob, 'EMAIL_OTP', context);
    expect(email.record).toEqual({ code: '424242' });
    const random = prepareMfaChallenge(state, alice, 'SMS_MFA', context).record.code;
    expect(random).toMatch(/^\d{6}$/);
    expect(sentCodesOf(state, 'alice')).toEqual([
      { username: 'alice', medium: 'SMS', destination: '+15550100123', code: '000007', time: now },
      { username: 'alice', medium: 'SMS', destination: '+15550100123', code: random, time: now },
    ]);
    expect(sentCodesOf(state).map((sent) => sent.username)).toEqual(['alice', 'bob', 'alice']);
    // Copies: changing one changes nothing stored.
    const [first] = sentCodesOf(state, 'alice');
    if (first) first.code = 'changed';
    expect(sentCodesOf(state, 'alice')[0]?.code).toBe('000007');
    expect(lastSentCode(state, 'alice')).toBe(random);
    expect(lastSentCode(state, 'bob', 'EMAIL')).toBe('424242');
    expect(() => lastSentCode(state, 'bob', 'SMS')).toThrow(
      'lastCode: the pool has sent no SMS code to "bob" (codes go out when an SMS_MFA or EMAIL_OTP challenge opens)',
    );
    expect(() => lastSentCode({} as PoolState, 'carol')).toThrow(
      'lastCode: the pool has sent no code to "carol"',
    );
    expect(sentCodesOf({} as PoolState)).toEqual([]);
  });
});

/**
 * The MFA challenges of a sign-in as pure changes of {@link PoolState} (docs/cognito-wire.md
 * sections 3 and 7): what each one shows (`ChallengeParameters`), the codes SMS and email "send",
 * and the checks of `RespondToAuthChallenge`. A wrong code throws, which aborts the transaction:
 * the challenge `Session` stays usable for another try, as Cognito does.
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser, MfaFactor, SentCode } from './fakePoolTypes.js';
import { deliveryOf, mfaSettingsOf, mfaStepFor, type PoolMfaConfig } from './mfaPolicy.js';
import type { ChallengeRecord, PoolState } from './poolState.js';

/** The MFA challenges of a sign-in. */
export type MfaChallengeName = MfaFactor | 'SELECT_MFA_TYPE' | 'MFA_SETUP';

/** The TOTP codes the pool accepts now for `secret`, computed before the transaction (WebCrypto is asynchronous). */
export interface TotpProof {
  secret: string;
  codes: readonly string[];
}

/** Digits of an SMS or email code, as Cognito sends them. */
const SENT_CODE_DIGITS = 6;

function randomCode(): string {
  const [value] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return String(value! % 10 ** SENT_CODE_DIGITS).padStart(SENT_CODE_DIGITS, '0');
}

/** Cognito's name of the MFA challenge a user owes, or `null` for none. */
export function pendingMfaChallenge(
  user: FakeUser,
  config: PoolMfaConfig,
): MfaChallengeName | null {
  const step = mfaStepFor(user, config);
  switch (step.kind) {
    case 'none':
      return null;
    case 'challenge':
      return step.name;
    case 'select':
      return 'SELECT_MFA_TYPE';
    case 'setup':
      return 'MFA_SETUP';
  }
}

/**
 * Opens an MFA challenge: sends the code of `SMS_MFA` and `EMAIL_OTP` (recorded in
 * `state.sentCodes`), and returns its `ChallengeParameters` and what its record keeps.
 */
export function prepareMfaChallenge(
  state: PoolState,
  user: FakeUser,
  challengeName: MfaChallengeName,
  context: { mfa: PoolMfaConfig; now: number },
): { parameters: Record<string, string>; record: Pick<ChallengeRecord, 'code'> } {
  switch (challengeName) {
    case 'SOFTWARE_TOKEN_MFA':
      return { parameters: {}, record: {} };
    case 'SELECT_MFA_TYPE': {
      const step = mfaStepFor(user, context.mfa);
      const choices = step.kind === 'select' ? step.choices : [];
      // A JSON string, as NEW_PASSWORD_REQUIRED's attribute lists.
      return { parameters: { MFAS_CAN_CHOOSE: JSON.stringify(choices) }, record: {} };
    }
    case 'MFA_SETUP':
      return { parameters: { MFAS_CAN_SETUP: JSON.stringify(context.mfa.factors) }, record: {} };
    case 'SMS_MFA':
    case 'EMAIL_OTP': {
      const delivery = deliveryOf(user, challengeName);
      const code = mfaSettingsOf(user).fixedCodes[challengeName] ?? randomCode();
      state.sentCodes ??= [];
      state.sentCodes.push({
        username: user.username,
        medium: delivery.medium,
        destination: delivery.destination,
        code,
        time: context.now,
      });
      return {
        parameters: {
          CODE_DELIVERY_DELIVERY_MEDIUM: delivery.medium,
          CODE_DELIVERY_DESTINATION: delivery.masked,
        },
        record: { code },
      };
    }
  }
}

function requireAnswer(responses: Record<string, unknown>, name: string): string {
  const value = responses[name];
  if (typeof value !== 'string' || value === '') {
    throw new CognitoApiError('InvalidParameterException', `Missing required parameter ${name}`);
  }
  return value;
}

/** A wrong TOTP code: Cognito's answer to the `SOFTWARE_TOKEN_MFA` challenge. */
const TOTP_MISMATCH = 'Invalid code received for user';
/** A wrong SMS or email code. */
const SENT_CODE_MISMATCH = 'Invalid code or auth state for the user.';

/** What follows an answer: the challenge to open next, with what its record keeps. */
export interface NextMfaChallenge {
  next: MfaFactor;
  record?: Pick<ChallengeRecord, 'setsUp'>;
}

/** The user's settings with a factor turned on (and `totpSecret`, for an authenticator). */
function withFactor(user: FakeUser, factor: MfaFactor, totpSecret?: string): void {
  const settings = mfaSettingsOf(user);
  const { [factor]: _replaced, ...fixedCodes } = settings.fixedCodes;
  user.mfa = {
    ...settings,
    ...(totpSecret === undefined ? {} : { totpSecret }),
    fixedCodes,
    enabled: settings.enabled.includes(factor) ? settings.enabled : [...settings.enabled, factor],
  };
}

/**
 * Checks the answer to an MFA challenge (`RespondToAuthChallenge`); returns the challenge to open
 * next, or `null` when the user has passed MFA. `SELECT_MFA_TYPE` opens the chosen one.
 * `MFA_SETUP` completes once `VerifySoftwareToken` accepted a code of the secret its `Session`
 * carries (the authenticator is then on); answered with `EMAIL` (an address), as AWS's Amplify
 * sets up email codes, it opens `EMAIL_OTP` to that address, whose right code turns them on.
 */
export function answerMfaChallenge(
  challenge: ChallengeRecord & { challengeName: MfaChallengeName },
  user: FakeUser,
  responses: Record<string, unknown>,
  totp: TotpProof | null,
  config: PoolMfaConfig,
): NextMfaChallenge | null {
  const settings = mfaSettingsOf(user);
  switch (challenge.challengeName) {
    case 'SOFTWARE_TOKEN_MFA': {
      const code = requireAnswer(responses, 'SOFTWARE_TOKEN_MFA_CODE');
      const fixed = settings.fixedCodes.SOFTWARE_TOKEN_MFA;
      if (fixed === undefined && !settings.totpSecret) {
        throw new CognitoApiError(
          'SoftwareTokenMFANotFoundException',
          'Software Token MFA does not exist for the user.',
        );
      }
      const isRight =
        fixed !== undefined
          ? code === fixed
          : totp?.secret === settings.totpSecret && totp.codes.includes(code);
      if (!isRight) throw new CognitoApiError('CodeMismatchException', TOTP_MISMATCH);
      return null;
    }
    case 'SMS_MFA':
    case 'EMAIL_OTP': {
      const field = challenge.challengeName === 'SMS_MFA' ? 'SMS_MFA_CODE' : 'EMAIL_OTP_CODE';
      const code = requireAnswer(responses, field);
      if (code !== challenge.code) {
        throw new CognitoApiError('CodeMismatchException', SENT_CODE_MISMATCH);
      }
      if (challenge.setsUp) {
        // The address the code reached is now verified (as Cognito marks an SMS number after MFA).
        user.attributes.email_verified = 'true';
        withFactor(user, challenge.setsUp);
      }
      return null;
    }
    case 'SELECT_MFA_TYPE': {
      const answer = requireAnswer(responses, 'ANSWER');
      const step = mfaStepFor(user, config);
      // Unconfirmed wording: Cognito refuses an ANSWER outside MFAS_CAN_CHOOSE.
      if (step.kind !== 'select' || !step.choices.includes(answer as MfaFactor)) {
        throw new CognitoApiError(
          'InvalidParameterException',
          `Invalid ANSWER: ${answer.slice(0, 32)} is not one of MFAS_CAN_CHOOSE`,
        );
      }
      return { next: answer as MfaFactor };
    }
    case 'MFA_SETUP': {
      const email = responses.EMAIL;
      if (typeof email === 'string' && !challenge.totp) {
        // Unconfirmed wording: a pool without email MFA, or something that is not an address.
        if (!config.factors.includes('EMAIL_OTP') || !/^[^@\s]+@[^@\s]+$/.test(email)) {
          throw new CognitoApiError('InvalidParameterException', 'Invalid EMAIL for MFA_SETUP');
        }
        user.attributes.email = email;
        return { next: 'EMAIL_OTP', record: { setsUp: 'EMAIL_OTP' } };
      }
      // Unconfirmed wording: the MFA_SETUP Session of InitiateAuth, before VerifySoftwareToken.
      if (!challenge.totp?.isVerified) {
        throw new CognitoApiError('NotAuthorizedException', 'Invalid session for the user.');
      }
      withFactor(user, 'SOFTWARE_TOKEN_MFA', challenge.totp.secret);
      return null;
    }
  }
}

/** The codes sent (to one user, if given), oldest first, copied. */
export function sentCodesOf(state: PoolState, username?: string): SentCode[] {
  return (state.sentCodes ?? [])
    .filter((sent) => username === undefined || sent.username === username)
    .map((sent) => ({ ...sent }));
}

/** The newest code sent to a user (by one medium, if given); throws when none was. */
export function lastSentCode(state: PoolState, username: string, medium?: 'SMS' | 'EMAIL'): string {
  const sent = sentCodesOf(state, username).filter((code) => !medium || code.medium === medium);
  const last = sent.at(-1);
  if (!last) {
    throw new Error(
      `lastCode: the pool has sent no ${medium ? `${medium} ` : ''}code to "${username}" (codes go out when an SMS_MFA or EMAIL_OTP challenge opens)`,
    );
  }
  return last.code;
}

/**
 * Choice-based sign-in (Cognito's `USER_AUTH`, docs/cognito-wire.md section 9): the user signs in
 * with a password, a code Cognito sends by email or SMS, or a passkey, whichever the app prefers
 * or the user picks from what Cognito offers. It ends as a password sign-in does (MFA after a
 * password, a device), through passwordSignIn.ts's sign-in flow.
 */

import { SessionError } from '../errors.js';
import {
  CHOICE_CHALLENGES,
  selectPasswordSrp,
  startChoiceSignIn,
} from '../providers/cognito/choiceSignIn.js';
import { passkeyAnswerError } from '../providers/cognito/signInErrors.js';
import type { Session } from '../session.js';
import { challengeHandles, type PasswordSignInOptions } from './passwordSignIn.js';
import { withNextStep } from './passwordSignInSteps.js';
import {
  type ChoiceChallenge,
  challengeDetails,
  type PasswordSignInResult,
  type SelectChallengeStep,
} from './signInChallenges.js';
import { signInFromStep } from './signInFlow.js';

/** Options of {@link signInWithChoice}. */
export interface ChoiceSignInOptions {
  /**
   * The way to sign in if Cognito offers it to this user (`PREFERRED_CHALLENGE`); otherwise, or
   * without it, Cognito answers `SELECT_CHALLENGE` listing the ways it offers.
   */
  preferredChallenge?: ChoiceChallenge;
  /**
   * The password: required with `preferredChallenge` `'PASSWORD'` (sent to Cognito) or
   * `'PASSWORD_SRP'` (proved without sending it), and used by `select` of those two.
   */
  password?: string;
  /** As signInWithPassword's: the name a new device is listed under, when the pool tracks devices. */
  deviceName?: PasswordSignInOptions['deviceName'];
}

function checkChallenge(what: string, challenge: unknown): ChoiceChallenge | undefined {
  if (challenge === undefined || CHOICE_CHALLENGES.includes(challenge as ChoiceChallenge)) {
    return challenge as ChoiceChallenge | undefined;
  }
  throw new TypeError(
    `${what} must be one of ${CHOICE_CHALLENGES.join(', ')}, got ${JSON.stringify(challenge)}.`,
  );
}

function requirePassword(challenge: ChoiceChallenge | undefined, password: unknown) {
  if (challenge?.startsWith('PASSWORD') && (typeof password !== 'string' || password === '')) {
    throw new TypeError(`signInWithChoice(): ${challenge} needs the password (option password).`);
  }
}

/** Makes a `SELECT_CHALLENGE` result choosable: the offered ways, and `select`. */
function withSelect(
  result: PasswordSignInResult,
  available: ChoiceChallenge[],
  password: string | undefined,
): PasswordSignInResult {
  const handle = challengeHandles.get(result);
  if (result.status !== 'challenge' || result.name !== 'SELECT_CHALLENGE' || !handle) return result;
  const step: SelectChallengeStep = Object.assign(result, {
    availableChallenges: available,
    async select(challenge: ChoiceChallenge, options: { password?: string } = {}) {
      checkChallenge('select()', challenge);
      const secret = options.password ?? password;
      requirePassword(challenge, secret);
      // Cognito spends this step's Session on any answer, so a way it does not offer is refused
      // here, before sending: the step stays usable for one it does.
      if (available.length > 0 && !available.includes(challenge)) {
        throw new SessionError(
          'challenge',
          `select(): Cognito does not offer ${challenge} for this sign-in (it offers ${available.join(', ')}); nothing was sent, so select one of those.`,
        );
      }
      if (challenge !== 'PASSWORD_SRP') {
        return step.respond({ ANSWER: challenge, ...(secret && { PASSWORD: secret }) });
      }
      const { run, callApi, provider, devices } = handle;
      return handle.toResult(
        await selectPasswordSrp(run, callApi, provider, handle.step, secret as string, devices),
      );
    },
  });
  return step;
}

/**
 * Signs in with Cognito's choice-based sign-in (`InitiateAuth` `USER_AUTH`; the app client must
 * allow `ALLOW_USER_AUTH`, and the user pool, on the Essentials plan or higher, must allow the
 * ways in its sign-in policy). Resolves as {@link signInWithPassword} does: signed in, or a
 * challenge whose `name` says what to do:
 *
 * - `SELECT_CHALLENGE`: `availableChallenges` lists the ways Cognito offers this user; call
 *   `select(way)` (with `{ password }` for `PASSWORD` and `PASSWORD_SRP`, unless given here).
 * - `EMAIL_OTP` / `SMS_OTP`: Cognito sent a code to `codeDelivery.destination`; answer
 *   `respond({ EMAIL_OTP_CODE })` / `respond({ SMS_OTP_CODE })`. A wrong code rejects with a
 *   `challenge` SessionError and the challenge can be answered again.
 * - `WEB_AUTHN`: a passkey; answer `respond({ CREDENTIAL })` with WebAuthn's credential as JSON.
 * - After a password, MFA, a new password or a remembered device's proof may follow, as after
 *   signInWithPassword; a code or a passkey needs no MFA.
 *
 * Rejects with `invalid_grant` (wrong password, unknown user), `challenge` (a wrong or expired
 * code, a way Cognito does not offer), `provider` naming `ALLOW_USER_AUTH` when the app client
 * does not allow the flow, and `nextStep` as signInWithPassword's. Messages never repeat a
 * password or a code.
 *
 * @example
 * ```ts
 * import { signInWithChoice } from '@sessionkit/core';
 *
 * let step = await signInWithChoice(session, 'alice', { preferredChallenge: 'EMAIL_OTP' });
 * if (step.status === 'challenge' && step.name === 'SELECT_CHALLENGE') {
 *   step = await step.select(step.availableChallenges.includes('EMAIL_OTP') ? 'EMAIL_OTP' : 'PASSWORD_SRP', { password });
 * }
 * if (step.status === 'challenge' && step.name === 'EMAIL_OTP') {
 *   step = await step.respond({ EMAIL_OTP_CODE: await askForCode() });
 * }
 * ```
 */
export async function signInWithChoice(
  session: Session,
  username: string,
  options: ChoiceSignInOptions = {},
): Promise<PasswordSignInResult> {
  const preferred = checkChallenge(
    'signInWithChoice(): preferredChallenge',
    options.preferredChallenge,
  );
  const { password, deviceName } = options;
  requirePassword(preferred, password);
  let available: ChoiceChallenge[] = [];
  const result = await signInFromStep(
    session,
    async (callApi, run, provider, devices) => {
      const first = await startChoiceSignIn(
        run,
        callApi,
        provider,
        username,
        { preferred, password },
        devices,
      ).catch((error: unknown) => Promise.reject(withNextStep(error, username)));
      available = first.available;
      return first.step;
    },
    deviceName === undefined ? {} : { deviceName },
    challengeDetails,
    (challenge) => (challenge === 'WEB_AUTHN' ? passkeyAnswerError : undefined),
  );
  return withSelect(result, available, password);
}

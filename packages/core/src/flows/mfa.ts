import { SessionError } from '../errors.js';
import { answerChallenge } from '../providers/cognito/cognitoSignIn.js';
import {
  associateSoftwareToken,
  readTotpCode,
  type TotpUriOptions,
  totpUri,
  verifySoftwareToken,
} from '../providers/cognito/totpApi.js';
import {
  type ChallengeHandle,
  challengeHandles,
  type PasswordSignInResult,
} from './passwordSignIn.js';

export type { TotpUriOptions } from '../providers/cognito/totpApi.js';

/** Options of {@link TotpSetUp.verify}. */
export interface TotpVerifyOptions {
  /** A name for the authenticator (Cognito's `FriendlyDeviceName`), e.g. "Alice's phone". */
  friendlyDeviceName?: string;
}

/** An authenticator app being set up; {@link setUpTotp} makes it. */
export interface TotpSetUp {
  /** The shared secret, base32, for users who type it into their app. Show it to the user only. */
  readonly secret: string;
  /** The `otpauth://totp/…` URI an authenticator app reads, for a QR code. */
  readonly uri: string;
  /**
   * Checks a code the app shows (`VerifySoftwareToken`), then completes `MFA_SETUP`. Resolves with
   * the next step: signed in, or another challenge. A wrong code rejects with a `challenge`
   * SessionError; call `verify` again with the next code.
   */
  verify(code: string, options?: TotpVerifyOptions): Promise<PasswordSignInResult>;
}

/** `MFAS_CAN_SETUP` as a list (a JSON string list on the wire, decoded by sign-in). */
function setupFactors(parameters: Record<string, unknown>): string[] | null {
  const factors = parameters.MFAS_CAN_SETUP;
  return Array.isArray(factors) ? factors.filter((item) => typeof item === 'string') : null;
}

function handleOf(challenge: PasswordSignInResult): ChallengeHandle {
  const handle = challengeHandles.get(challenge);
  if (!handle) {
    throw new TypeError(
      'setUpTotp() expects the challenge result of signInWithPassword() (or of its respond()).',
    );
  }
  if (handle.step.name !== 'MFA_SETUP') {
    throw new SessionError(
      'challenge',
      `setUpTotp() completes the MFA_SETUP challenge, but this one is ${handle.step.name}: answer it with respond().`,
    );
  }
  const factors = setupFactors(handle.step.parameters);
  if (factors && !factors.includes('SOFTWARE_TOKEN_MFA')) {
    const email = factors.includes('EMAIL_OTP')
      ? ' To set up email codes, answer with respond({ EMAIL: address }).'
      : '';
    const sms = factors.includes('SMS_MFA')
      ? ' SMS codes need a phone number on the user (added by an administrator or at sign-up) before signing in again.'
      : '';
    throw new SessionError(
      'challenge',
      `This user pool does not offer authenticator apps (MFAS_CAN_SETUP: ${factors.join(', ') || 'none'}).${email}${sms}`,
    );
  }
  return handle;
}

/**
 * Sets up an authenticator app (TOTP) inside sign-in, when Cognito answers a password with
 * `MFA_SETUP` (the pool requires MFA and the user has none yet): asks Cognito for a secret
 * (`AssociateSoftwareToken`), returns it with its `otpauth://` URI for a QR code, and `verify`
 * completes the sign-in with a code from the app.
 *
 * The app shows `issuer` above `label`: pass your app's name as `issuer` (the default, the user
 * pool id, means little to users); `label` defaults to the username. Rejects with `challenge` when
 * the pool offers no authenticator set-up (only email or SMS), or the sign-in took too long.
 *
 * @example
 * ```ts
 * import { setUpTotp, signInWithPassword } from '@sessionkit/core';
 *
 * const step = await signInWithPassword(session, 'alice', password);
 * if (step.status === 'challenge' && step.name === 'MFA_SETUP') {
 *   const setUp = await setUpTotp(step, { issuer: 'My App' });
 *   showQrCode(setUp.uri);
 *   const next = await setUp.verify(await askForCode(), { friendlyDeviceName: 'Phone' });
 * }
 * ```
 */
export async function setUpTotp(
  challenge: PasswordSignInResult,
  options: TotpUriOptions = {},
): Promise<TotpSetUp> {
  const handle = handleOf(challenge);
  const { internals, provider, callApi, step } = handle;
  // A device presented at this sign-in goes with the answer, as respond() sends it.
  const devicePart = (): Record<string, string> => {
    const deviceKey = handle.deviceKey();
    return deviceKey ? { DEVICE_KEY: deviceKey } : {};
  };
  const issuer = options.issuer ?? provider.userPoolId;
  const label = options.label ?? step.username;
  // Fails before any request on an issuer the URI cannot carry.
  totpUri('A', issuer, label);
  const associated = await internals.call((context) =>
    associateSoftwareToken(callApi, context, { Session: step.session }),
  );
  const secret = associated.secret;
  const setupSession = associated.session!;
  // Once Cognito accepted a code, a retry (after a network error) only answers MFA_SETUP.
  let verifiedSession: string | null = null;

  return {
    secret,
    uri: totpUri(secret, issuer, label),
    async verify(code, verifyOptions = {}) {
      if (verifiedSession === null) {
        const userCode = readTotpCode(code);
        const verified = await internals.call((context) =>
          verifySoftwareToken(
            callApi,
            context,
            { Session: setupSession },
            userCode,
            verifyOptions.friendlyDeviceName,
          ),
        );
        verifiedSession = verified.session!;
      }
      const session = verifiedSession;
      const next = await internals.call((context) =>
        answerChallenge(callApi, provider.clientId, { ...step, session }, devicePart(), context),
      );
      return handle.toResult(next);
    },
  };
}

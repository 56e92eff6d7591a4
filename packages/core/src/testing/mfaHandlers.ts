/**
 * The JSON API's MFA operations (docs/cognito-wire.md section 7): `AssociateSoftwareToken` and
 * `VerifySoftwareToken` (with the `Session` of an `MFA_SETUP` challenge, or a signed-in user's
 * access token) and `SetUserMFAPreference`. Registered in cognitoApiOperations.ts.
 *
 * As Cognito answers (AWS's API reference, and what AWS's clients expect): each call takes an
 * access token or a session, not both; a wrong `UserCode` is `EnableSoftwareTokenMFAException`
 * "Code mismatch and fail enable Software Token MFA" and leaves the `Session` usable for another
 * try; a verified session (returned by `VerifySoftwareToken`) answers `MFA_SETUP`. Verifying a new
 * secret replaces the user's authenticator; it is not turned on until `SetUserMFAPreference`
 * (outside `MFA_SETUP`).
 */

import { randomBase64url } from './base64url.js';
import { type JsonObject, validationError } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { TotpProof } from './mfaChallenges.js';
import { applyMfaPreference, mfaSettingsOf } from './mfaPolicy.js';
import { applyPasskeyMfa } from './passkeyMfa.js';
import type { PoolContext } from './poolContext.js';
import type { ChallengeRecord } from './poolState.js';
import { CHALLENGE_SESSION_LIFETIME_SECONDS, INVALID_SESSION } from './signIn.js';
import { authorizeAccessToken } from './tokenIssuer.js';
import { acceptedTotpCodes, randomTotpSecret } from './totp.js';

/** Cognito's answer to a `UserCode` that is not the authenticator's current code. */
export const TOTP_SETUP_MISMATCH = 'Code mismatch and fail enable Software Token MFA';

/** An access token or an `MFA_SETUP` session, exactly one of them (unconfirmed wording). */
function readCredential(input: JsonObject): { accessToken: unknown } | { session: string } {
  const hasToken = input.AccessToken !== undefined;
  const hasSession = typeof input.Session === 'string' && input.Session !== '';
  if (hasToken === hasSession) {
    throw new CognitoApiError(
      'InvalidParameterException',
      'Either AccessToken or Session must be provided, not both.',
    );
  }
  return hasSession ? { session: input.Session as string } : { accessToken: input.AccessToken };
}

/** The `MFA_SETUP` challenge a session belongs to; Cognito's expired-session answer otherwise. */
function setupChallenge(
  challenges: Record<string, ChallengeRecord>,
  session: string,
  context: PoolContext,
): ChallengeRecord {
  const challenge = challenges[session];
  if (
    challenge?.challengeName !== 'MFA_SETUP' ||
    challenge.clientId !== context.config.clientId ||
    challenge.expiresAt <= context.now()
  ) {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }
  return challenge;
}

/** Moves a set-up challenge to a new `Session` (each answer hands out the next one). */
function renewSession(
  challenges: Record<string, ChallengeRecord>,
  session: string,
  change: Partial<ChallengeRecord>,
  now: number,
): string {
  const next = randomBase64url(192);
  challenges[next] = {
    ...challenges[session]!,
    ...change,
    expiresAt: now + CHALLENGE_SESSION_LIFETIME_SECONDS * 1000,
  };
  delete challenges[session];
  return next;
}

function requireSoftwareTokenFactor(context: PoolContext): void {
  // Unconfirmed wording: a pool without TOTP among its MFA factors.
  if (!context.config.mfa.factors.includes('SOFTWARE_TOKEN_MFA')) {
    throw new CognitoApiError(
      'InvalidParameterException',
      'Software token MFA is not enabled for this user pool',
    );
  }
}

/** A `UserCode` of six digits, as the API's input validation requires. */
function requireUserCode(input: JsonObject): string {
  const code = input.UserCode;
  if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) {
    throw validationError('userCode', 'Member must satisfy regular expression pattern: [0-9]+');
  }
  return code;
}

const notFound = () =>
  new CognitoApiError(
    'SoftwareTokenMFANotFoundException',
    'Software Token MFA has not been associated for the user.',
  );

export const MFA_OPERATIONS: Record<
  string,
  (context: PoolContext, input: JsonObject) => Promise<unknown>
> = {
  async AssociateSoftwareToken(context, input) {
    const credential = readCredential(input);
    requireSoftwareTokenFactor(context);
    const secret = randomTotpSecret();
    if ('session' in credential) {
      const next = await context.store.transact((state) => {
        setupChallenge(state.challenges, credential.session, context);
        const totp = { secret, isVerified: false };
        return renewSession(state.challenges, credential.session, { totp }, context.now());
      });
      return { SecretCode: secret, Session: next };
    }
    const username = await authorizeAccessToken(context, credential.accessToken);
    await context.store.transact((state) => {
      const user = state.users[username]!;
      user.mfa = { ...mfaSettingsOf(user), pendingTotpSecret: secret };
    });
    return { SecretCode: secret };
  },

  async VerifySoftwareToken(context, input) {
    const credential = readCredential(input);
    const code = requireUserCode(input);
    const username =
      'session' in credential ? null : await authorizeAccessToken(context, credential.accessToken);
    const secret = await context.store.transact((state) => {
      if ('session' in credential) {
        return setupChallenge(state.challenges, credential.session, context).totp?.secret ?? null;
      }
      return mfaSettingsOf(state.users[username!]!).pendingTotpSecret;
    });
    if (!secret) throw notFound();
    if (!(await acceptedTotpCodes(secret, context.now())).includes(code)) {
      throw new CognitoApiError('EnableSoftwareTokenMFAException', TOTP_SETUP_MISMATCH);
    }
    return context.store.transact((state) => {
      if ('session' in credential) {
        const challenge = setupChallenge(state.challenges, credential.session, context);
        if (challenge.totp?.secret !== secret) throw notFound();
        const totp = { secret, isVerified: true };
        const next = renewSession(state.challenges, credential.session, { totp }, context.now());
        return { Status: 'SUCCESS', Session: next };
      }
      const user = state.users[username!];
      const settings = user ? mfaSettingsOf(user) : null;
      if (!user || settings?.pendingTotpSecret !== secret) throw notFound();
      user.mfa = { ...settings, totpSecret: secret, pendingTotpSecret: null };
      return { Status: 'SUCCESS' };
    });
  },

  async SetUserMFAPreference(context, input) {
    const username = await authorizeAccessToken(context, input.AccessToken);
    const read = (value: unknown) =>
      typeof value === 'object' && value !== null ? (value as JsonObject) : undefined;
    await context.store.transact((state) => {
      const user = state.users[username]!;
      const settings = applyMfaPreference(user, context.config.mfa, {
        SOFTWARE_TOKEN_MFA: read(input.SoftwareTokenMfaSettings),
        SMS_MFA: read(input.SMSMfaSettings),
        EMAIL_OTP: read(input.EmailMfaSettings),
      });
      user.mfa = applyPasskeyMfa(
        settings,
        read(input.WebAuthnMfaSettings),
        context.config.webAuthn,
      );
    });
    return {};
  },
};

/**
 * The TOTP codes accepted now for the user a `SOFTWARE_TOKEN_MFA` session belongs to, computed
 * before `RespondToAuthChallenge`'s transaction (which must not wait on WebCrypto); `null` for
 * any other session.
 */
export async function totpProofForChallenge(
  context: PoolContext,
  session: unknown,
): Promise<TotpProof | null> {
  if (typeof session !== 'string') return null;
  const secret = await context.store.transact((state) => {
    const challenge = state.challenges[session];
    if (challenge?.challengeName !== 'SOFTWARE_TOKEN_MFA') return null;
    const user = state.users[challenge.username];
    return user ? mfaSettingsOf(user).totpSecret : null;
  });
  return secret ? { secret, codes: await acceptedTotpCodes(secret, context.now()) } : null;
}

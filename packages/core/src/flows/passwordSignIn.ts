import type { IdTokenClaims } from '../claimsTypes.js';
import { SessionError } from '../errors.js';
import type { CognitoProvider } from '../providers/cognito/cognito.js';
import { createCognitoApi } from '../providers/cognito/cognitoApi.js';
import { answerChallenge, startPasswordSignIn } from '../providers/cognito/cognitoSignIn.js';
import { signInWithSrp } from '../providers/cognito/srpSignIn.js';
import type { PasswordSignInStep } from '../providers/types.js';
import { internalsOf, type SessionInternals, signedInUser } from '../session/internals.js';
import type { Session } from '../session.js';

/** Where a password sign-in stands: signed in, or a challenge to answer. */
export type PasswordSignInResult =
  | { status: 'signedIn'; user: IdTokenClaims }
  | {
      status: 'challenge';
      /** Cognito's challenge name: `NEW_PASSWORD_REQUIRED`, `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, … */
      name: string;
      /** The challenge parameters, JSON strings decoded (e.g. `requiredAttributes: ['name']`). */
      parameters: Record<string, unknown>;
      /**
       * Answers with Cognito's `ChallengeResponses` (`USERNAME` is added for you), e.g.
       * `{ NEW_PASSWORD: '…' }`, `{ SOFTWARE_TOKEN_MFA_CODE: '123456' }`, `{ SMS_MFA_CODE: '…' }`.
       * Resolves with the next step; may be called again after a wrong code.
       */
      respond(answers: Record<string, string>): Promise<PasswordSignInResult>;
    };

/**
 * What a challenge result was made from, for flows that continue a sign-in from outside this
 * module (MFA set-up answers `MFA_SETUP` with requests of its own). Internal: not exported from
 * the package.
 */
export interface ChallengeHandle {
  internals: SessionInternals;
  provider: CognitoProvider;
  callApi: ReturnType<typeof createCognitoApi>;
  step: Extract<PasswordSignInStep, { kind: 'challenge' }>;
  /** Turns the next step into a result (signs in, or the next challenge). */
  toResult(step: PasswordSignInStep): Promise<PasswordSignInResult>;
}

/** Challenge results and what they were made from (see {@link ChallengeHandle}). */
export const challengeHandles = new WeakMap<object, ChallengeHandle>();

function cognitoOf(internals: SessionInternals): CognitoProvider {
  const provider = internals.provider as Partial<CognitoProvider>;
  if (provider.kind !== 'cognito') {
    throw new SessionError(
      'provider',
      'Password sign-in needs the cognito() provider; use signInWithRedirect for this provider.',
    );
  }
  return provider as CognitoProvider;
}

/** Options of {@link signInWithPassword}. */
export interface PasswordSignInOptions {
  /**
   * Cognito's auth flow. `'USER_SRP_AUTH'` proves the password without sending it (SRP-6a) and is
   * what app clients allow by default (`ALLOW_USER_SRP_AUTH`). `'USER_PASSWORD_AUTH'` sends the
   * password to Cognito: the app client must allow `ALLOW_USER_PASSWORD_AUTH`, and a user-migration
   * Lambda trigger needs it (the trigger must see the password).
   * @default 'USER_SRP_AUTH'
   */
  authFlow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';
}

/**
 * Signs in with a username and password, by default with Cognito `USER_SRP_AUTH` (the password
 * never leaves the page). Resolves `{ status: 'signedIn' }`, or
 * `{ status: 'challenge', name, parameters, respond }` for MFA or a new password; rejects with
 * `invalid_grant` (wrong credentials), `challenge`, `rate_limited`…
 *
 * @example
 * ```ts
 * import { signInWithPassword } from '@sessionkit/core';
 *
 * let step = await signInWithPassword(session, 'alice', password);
 * if (step.status === 'challenge' && step.name === 'SOFTWARE_TOKEN_MFA') {
 *   step = await step.respond({ SOFTWARE_TOKEN_MFA_CODE: code });
 * }
 * ```
 * @example
 * ```ts
 * // A pool with a user-migration trigger: the trigger needs the password itself.
 * await signInWithPassword(session, 'alice', password, { authFlow: 'USER_PASSWORD_AUTH' });
 * ```
 */
export async function signInWithPassword(
  session: Session,
  username: string,
  password: string,
  options: PasswordSignInOptions = {},
): Promise<PasswordSignInResult> {
  const internals = internalsOf(session);
  const provider = cognitoOf(internals);
  const authFlow = options.authFlow ?? 'USER_SRP_AUTH';
  if (authFlow !== 'USER_SRP_AUTH' && authFlow !== 'USER_PASSWORD_AUTH') {
    throw new TypeError(
      `signInWithPassword(): authFlow must be 'USER_SRP_AUTH' or 'USER_PASSWORD_AUTH', got ${JSON.stringify(authFlow)}.`,
    );
  }
  const callApi = createCognitoApi(provider.endpoint);

  async function toResult(step: PasswordSignInStep): Promise<PasswordSignInResult> {
    if (step.kind === 'tokens') {
      return { status: 'signedIn', user: signedInUser(await internals.establish(step.tokens, {})) };
    }
    const result: PasswordSignInResult = {
      status: 'challenge',
      name: step.name,
      parameters: step.parameters,
      async respond(answers) {
        return toResult(
          await internals.call((context) =>
            answerChallenge(callApi, provider.clientId, step, answers, context),
          ),
        );
      },
    };
    challengeHandles.set(result, { internals, provider, callApi, step, toResult });
    return result;
  }

  if (authFlow === 'USER_PASSWORD_AUTH') {
    return toResult(
      await internals.call((context) =>
        startPasswordSignIn(callApi, provider.clientId, username, password, context),
      ),
    );
  }
  return toResult(
    await signInWithSrp((task) => internals.call(task), callApi, provider, username, password),
  );
}

/**
 * The types of the fake pool's custom authentication (customAuth.ts): the three triggers a test
 * gives as the pool's `customAuth` option, in the shape of Cognito's Lambda triggers (define,
 * create and verify auth challenge; docs/cognito-wire.md section 12), what they are told, and the
 * record of a challenge waiting for its answer.
 */

/**
 * One answered challenge of a custom sign-in, as the define trigger sees it (`request.session`).
 * A sign-in that starts with a password proof (`SRP_A` in `InitiateAuth`: Amplify's
 * `CUSTOM_WITH_SRP`) begins with `SRP_A` (always `true`), and its `PASSWORD_VERIFIER` answer adds
 * `PASSWORD_VERIFIER` (whether the proof was right).
 */
export interface FakeCustomChallengeResult {
  /** The step answered: a `CUSTOM_CHALLENGE`, the `SRP_A` start, or the password proof. */
  challengeName: 'CUSTOM_CHALLENGE' | 'SRP_A' | 'PASSWORD_VERIFIER';
  /** What the verify trigger said of the answer (for `PASSWORD_VERIFIER`: the password's proof). */
  challengeResult: boolean;
  /** What the create trigger returned as `challengeMetadata`. */
  challengeMetadata?: string;
}

/** What every trigger is told: the user and the `ClientMetadata` of the request. */
export interface FakeCustomAuthRequest {
  /** The user's username, also when the app signed in with an alias or email address. */
  userName: string;
  /** The user's attributes, strings as in Cognito, with `sub` added. */
  userAttributes: Record<string, string>;
  /** The string values of the request's `ClientMetadata` (`{}` without one). */
  clientMetadata: Record<string, string>;
  /**
   * Only on a pool with `preventUserExistenceErrors` (the app client's
   * `PreventUserExistenceErrors` `ENABLED`), as Cognito tells its triggers there: `true` when the
   * username matched no user (`userName` is then the name as given, `userAttributes` empty), so
   * the triggers can answer as for a real user without telling that there is none.
   */
  userNotFound?: boolean;
}

/**
 * The pool's custom authentication, as its three Lambda triggers (each takes the trigger's
 * `request` and returns its `response`, or a promise of it).
 *
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * // One question; three wrong answers end the sign-in.
 * const pool = createFakeUserPool({
 *   region: 'eu-west-1',
 *   userPoolId: 'eu-west-1_AbC123',
 *   clientId: 'client',
 *   customAuth: {
 *     defineAuthChallenge: ({ session }) =>
 *       session.at(-1)?.challengeResult
 *         ? { issueTokens: true, failAuthentication: false }
 *         : session.length >= 3
 *           ? { issueTokens: false, failAuthentication: true }
 *           : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false },
 *     createAuthChallenge: () => ({
 *       publicChallengeParameters: { question: '6 × 7?' },
 *       privateChallengeParameters: { answer: '42' },
 *     }),
 *     verifyAuthChallengeResponse: ({ privateChallengeParameters, challengeAnswer }) => ({
 *       answerCorrect: challengeAnswer === privateChallengeParameters.answer,
 *     }),
 *   },
 * });
 * ```
 */
export interface FakeCustomAuthTriggers {
  /**
   * Decides the next step from the challenges answered so far (`session`, oldest first).
   * `PASSWORD_VERIFIER` asks for the password's proof, only right after `SRP_A`.
   */
  defineAuthChallenge(
    request: FakeCustomAuthRequest & { session: FakeCustomChallengeResult[] },
  ): CustomAuthResult<{
    challengeName?: 'CUSTOM_CHALLENGE' | 'PASSWORD_VERIFIER';
    issueTokens: boolean;
    failAuthentication: boolean;
  }>;
  /** Makes the challenge: what the app sees (with `USERNAME` added) and what only verify sees. */
  createAuthChallenge(
    request: FakeCustomAuthRequest & {
      challengeName: 'CUSTOM_CHALLENGE';
      session: FakeCustomChallengeResult[];
    },
  ): CustomAuthResult<{
    publicChallengeParameters?: Record<string, string>;
    privateChallengeParameters?: Record<string, string>;
    challengeMetadata?: string;
  }>;
  /** Checks the app's `ANSWER`. */
  verifyAuthChallengeResponse(
    request: FakeCustomAuthRequest & {
      privateChallengeParameters: Record<string, string>;
      challengeAnswer: string;
    },
  ): CustomAuthResult<{ answerCorrect: boolean }>;
}

export type CustomAuthResult<T> = T | Promise<T>;

/** A custom challenge waiting for its answer, by `Session`. */
export interface CustomAuthRecord {
  /** The user signing in, by username. */
  username: string;
  /** The app client of the sign-in; its `Session` through another client is refused. */
  clientId: string;
  /** When the `Session` stops working, in ms on the pool clock: 3 minutes after the step opened. */
  expiresAt: number;
  /** The steps answered before this one, oldest first: the define trigger's `session` so far. */
  history: FakeCustomChallengeResult[];
  /**
   * The create trigger's `privateChallengeParameters`, handed to the verify trigger with the answer
   * (`{}` for a `PASSWORD_VERIFIER` step).
   */
  privateParameters: Record<string, string>;
  /** The create trigger's `challengeMetadata`, copied into the answer's history entry, if any. */
  challengeMetadata?: string;
  /** The `DEVICE_KEY` the sign-in presented, bound to the tokens it ends in; absent without one. */
  deviceKey?: string;
  /** A `PASSWORD_VERIFIER` step: the `SECRET_BLOCK` its answer must carry (srpSignIn.ts). */
  passwordVerifier?: string;
  /** A sign-in of a username that matched no user (`preventUserExistenceErrors`). */
  userNotFound?: true;
}

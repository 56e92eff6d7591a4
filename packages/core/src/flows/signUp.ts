/**
 * Sign-up in a Cognito user pool: `SignUp` and `ConfirmSignUp` with the code Cognito sent
 * (`ResendConfirmationCode` is resendSignUpCode.ts's; AWS's API reference; docs/cognito-wire.md
 * section 7, "Sign-up").
 * Confirming can sign the user in at once: Cognito's `ConfirmSignUp` answers a `Session` that
 * `InitiateAuth` `USER_AUTH` takes (top-level, with `AuthParameters {USERNAME}`), once.
 */
import {
  accountApi,
  type CodeDeliveryDetails,
  metadata,
  nameValues,
  readCodeDelivery,
  requireText,
} from '../providers/cognito/accountApi.js';
import { accountFlowError } from '../providers/cognito/accountFlowErrors.js';
import { userAuthAfterSignUp } from '../providers/cognito/signUpSignIn.js';
import { stringField } from '../providers/http.js';
import type { SessionInternals } from '../session/internals.js';
import type { Session } from '../session.js';
import type { PasswordSignInResult } from './passwordSignIn.js';
import { signInFromStep } from './signInFlow.js';

/**
 * What {@link signUp} sends.
 *
 * @example
 * ```ts
 * import { type SignUpInput, signUp } from '@sessionkit/core';
 *
 * const input: SignUpInput = {
 *   username: 'alice',
 *   password,
 *   attributes: { email: 'alice@example.com', 'custom:tenant': 'acme' },
 * };
 * await signUp(session, input);
 * ```
 */
export interface SignUpInput {
  /** The username to register; where users sign in by email or phone, the address or number. */
  username: string;
  /**
   * Leave it out for a user who signs in with one-time codes instead (Amplify's sign-up without a
   * password): the app client must allow `ALLOW_USER_AUTH`, the pool must offer `EMAIL_OTP` or
   * `SMS_OTP`, and `attributes` must hold the email address or phone number for it. Then sign in
   * with `confirmSignUp`'s `signIn: true`, or later with `signInWithChoice`.
   */
  password?: string;
  /** User attributes (`UserAttributes`): `email`, `phone_number`, `name`, `custom:<name>`… */
  attributes?: Record<string, string>;
  /** `ValidationData`, for a pre sign-up Lambda trigger; Cognito does not store it. */
  validationData?: Record<string, string>;
  /** `ClientMetadata`, for the Lambda triggers the sign-up runs. */
  clientMetadata?: Record<string, string>;
}

/**
 * Where a sign-up stands: the code to confirm it went to `codeDelivery` (absent when the pool
 * verifies no attribute), or the account is already confirmed (a pre sign-up trigger confirmed it).
 * `userSub` is the new user's `sub`.
 *
 * @example
 * ```ts
 * import { confirmSignUp, signUp } from '@sessionkit/core';
 *
 * const result = await signUp(session, { username: 'alice', password });
 * if (result.status === 'confirmSignUp') {
 *   showMessage(`Enter the code sent to ${result.codeDelivery?.destination ?? 'you'}.`);
 *   await confirmSignUp(session, 'alice', await askForCode());
 * }
 * ```
 */
export type SignUpResult =
  | { status: 'confirmSignUp'; userSub: string; codeDelivery: CodeDeliveryDetails | undefined }
  | { status: 'confirmed'; userSub: string };

/**
 * Options of {@link confirmSignUp}.
 *
 * @example
 * ```ts
 * import { type ConfirmSignUpOptions, confirmSignUp } from '@sessionkit/core';
 *
 * const options: ConfirmSignUpOptions = { signIn: true, clientMetadata: { source: 'web' } };
 * await confirmSignUp(session, 'alice', await askForCode(), options);
 * ```
 */
export interface ConfirmSignUpOptions {
  /**
   * Sign the user in once confirmed, with the `Session` Cognito hands back (`InitiateAuth`
   * `USER_AUTH`; the app client must allow `ALLOW_USER_AUTH`). Needs the sign-up to have been
   * made by {@link signUp} with this session, in this page. @default false
   */
  signIn?: boolean;
  /** `ClientMetadata`, for the Lambda triggers confirmation runs. */
  clientMetadata?: Record<string, string>;
  /** As sign-in's option: the name a new device is listed under, when the pool tracks devices. */
  deviceName?: string;
  /**
   * In a pool where users may sign in with a verified email address or phone number (an alias),
   * take it over when another account already has it verified (`ForceAliasCreation`): that
   * account can no longer sign in with it. Without it the confirmation is refused with a
   * `challenge` error (`AliasExistsException`). @default false
   */
  forceAliasCreation?: boolean;
}

/**
 * What confirming gave: a confirmed account, not signed in (`signIn: 'notRequested'`, or
 * `'unavailable'` when Cognito's answer carried no sign-in session),
 * or, with `signIn: true`, the sign-in's result (signed in, or a challenge such as MFA).
 *
 * @example
 * ```ts
 * import { confirmSignUp } from '@sessionkit/core';
 *
 * const result = await confirmSignUp(session, 'alice', '123456', { signIn: true });
 * if (result.status === 'confirmed') showSignInForm(); // not signed in
 * ```
 */
export type ConfirmSignUpResult =
  | { status: 'confirmed'; signIn: 'notRequested' | 'unavailable' }
  | PasswordSignInResult;

/** `SignUp`'s `Session` per session and username, for `ConfirmSignUp` (memory only). */
const signUpSessions = new WeakMap<SessionInternals, Map<string, string>>();

/**
 * Signs a new user up (`SignUp`). Resolves `{ status: 'confirmSignUp', codeDelivery }` when
 * Cognito sent a code to confirm the account with ({@link confirmSignUp}), or
 * `{ status: 'confirmed' }`. Rejects with a `challenge` SessionError for a username that exists
 * (`UsernameExistsException`) or a password the pool's policy refuses (`InvalidPasswordException`),
 * `provider` when a sign-up without a password is not possible there (`InvalidParameterException`),
 * `rate_limited` when Cognito throttles; the message never repeats the password.
 *
 * @example
 * ```ts
 * import { signUp } from '@sessionkit/core';
 *
 * const result = await signUp(session, {
 *   username: 'alice',
 *   password,
 *   attributes: { email: 'alice@example.com' },
 * });
 * ```
 * @example
 * ```ts
 * import { confirmSignUp, signUp } from '@sessionkit/core';
 *
 * // No password: the user signs in with codes sent to the email address.
 * await signUp(session, { username: 'alice', attributes: { email: 'alice@example.com' } });
 * await confirmSignUp(session, 'alice', await askForCode(), { signIn: true });
 * ```
 */
export async function signUp(session: Session, input: SignUpInput): Promise<SignUpResult> {
  const { internals, provider, callApi } = accountApi(session, 'signUp()');
  const username = requireText('signUp()', 'username', input?.username);
  const password =
    input.password === undefined ? undefined : requireText('signUp()', 'password', input.password);
  const attributes = nameValues(input.attributes);
  const validation = nameValues(input.validationData);
  const response = await internals.call((context) =>
    callApi(
      context,
      'SignUp',
      {
        ClientId: provider.clientId,
        Username: username,
        // JSON.stringify leaves it out when undefined: a user without a password.
        Password: password,
        ...(attributes.length > 0 ? { UserAttributes: attributes } : {}),
        ...(validation.length > 0 ? { ValidationData: validation } : {}),
        ...metadata('ClientMetadata', input.clientMetadata),
      },
      accountFlowError,
    ),
  );
  const body = response.json as { UserConfirmed?: unknown };
  const userSub = stringField(response.json, 'UserSub') ?? '';
  const signUpSession = stringField(response.json, 'Session');
  if (signUpSession) {
    const sessions = signUpSessions.get(internals) ?? new Map<string, string>();
    sessions.set(username, signUpSession);
    signUpSessions.set(internals, sessions);
  }
  if (body.UserConfirmed === true) return { status: 'confirmed', userSub };
  return { status: 'confirmSignUp', userSub, codeDelivery: readCodeDelivery(response.json) };
}

/**
 * Confirms a sign-up with the code Cognito sent (`ConfirmSignUp`). With `signIn: true` the user
 * is then signed in without typing the password again (`InitiateAuth` `USER_AUTH` with the
 * `Session` Cognito answers; usable once, within the app client's sign-in session duration), and
 * the result is the sign-in's. Rejects with a `challenge` SessionError for a wrong code
 * (`CodeMismatchException`) or an expired one (`ExpiredCodeException`: ask for a new one with
 * {@link resendSignUpCode}), and with `provider` naming `ALLOW_USER_AUTH` when the app client
 * does not allow that sign-in (the account is confirmed then: sign in with the password).
 *
 * @example
 * ```ts
 * import { confirmSignUp } from '@sessionkit/core';
 *
 * const result = await confirmSignUp(session, 'alice', '123456', { signIn: true });
 * if (result.status === 'signedIn') showApp(result.user);
 * ```
 */
export async function confirmSignUp(
  session: Session,
  username: string,
  code: string,
  options: ConfirmSignUpOptions = {},
): Promise<ConfirmSignUpResult> {
  const { internals, provider, callApi } = accountApi(session, 'confirmSignUp()');
  requireText('confirmSignUp()', 'username', username);
  requireText('confirmSignUp()', 'code', code);
  const sessions = signUpSessions.get(internals);
  const signUpSession = options.signIn ? sessions?.get(username) : undefined;
  const response = await internals.call((context) =>
    callApi(
      context,
      'ConfirmSignUp',
      {
        ClientId: provider.clientId,
        Username: username,
        ConfirmationCode: code,
        ...(signUpSession ? { Session: signUpSession } : {}),
        ...(options.forceAliasCreation ? { ForceAliasCreation: true } : {}),
        ...metadata('ClientMetadata', options.clientMetadata),
      },
      accountFlowError,
    ),
  );
  sessions?.delete(username);
  if (!options.signIn) return { status: 'confirmed', signIn: 'notRequested' };
  const signInSession = stringField(response.json, 'Session');
  if (!signInSession) return { status: 'confirmed', signIn: 'unavailable' };
  return signInFromStep(
    session,
    userAuthAfterSignUp(signInSession, username),
    options.deviceName === undefined ? {} : { deviceName: options.deviceName },
  );
}

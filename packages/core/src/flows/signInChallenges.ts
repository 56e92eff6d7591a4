/**
 * What a sign-in resolves with (signInWithPassword, signInWithChoice, confirmSignUp's sign-in):
 * signed in, or a challenge typed by Cognito's challenge name (docs/cognito-wire.md sections 3
 * and 9), and the pure reading of a challenge's typed details from its parameters.
 */
import type { IdTokenClaims } from '../claimsTypes.js';
import type { SignedInDevice } from './deviceSignIn.js';

/**
 * The ways Cognito's choice-based sign-in (`USER_AUTH`) offers to sign in: `PASSWORD` (the
 * password sent), `PASSWORD_SRP` (proved without sending it), `EMAIL_OTP` and `SMS_OTP` (a code
 * Cognito sends), `WEB_AUTHN` (a passkey).
 */
export type ChoiceChallenge = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** Where Cognito sent a sign-in code: `'EMAIL'` or `'SMS'`, and the masked address or number. */
export interface ChallengeCodeDelivery {
  /** `'EMAIL'` for a code sent by email, `'SMS'` for one sent by text message. */
  medium: 'EMAIL' | 'SMS';
  /** Masked by Cognito (`a***@e***`, `+*******0123`): safe to show. */
  destination: string;
}

/** Options of a challenge step's `respond`. */
export interface RespondOptions {
  /**
   * `ClientMetadata` of the answer, handed to the pool's Lambda triggers the answer runs (the
   * verify auth challenge trigger of a `CUSTOM_CHALLENGE`, for instance):
   * `respond({ ANSWER: code }, { clientMetadata: { channel: 'email' } })`.
   */
  clientMetadata?: Record<string, string>;
}

/** What every challenge result has: its name, its parameters, and `respond`. */
export interface ChallengeStep<Name extends string> {
  /** Always `'challenge'`: what tells a challenge from a `'signedIn'` result. */
  status: 'challenge';
  /** Cognito's challenge name. */
  name: Name;
  /** The challenge parameters, JSON strings decoded (e.g. `requiredAttributes: ['name']`). */
  parameters: Record<string, unknown>;
  /**
   * Answers with Cognito's `ChallengeResponses` (`USERNAME` is added for you), e.g.
   * `{ NEW_PASSWORD: '…' }`, `{ SOFTWARE_TOKEN_MFA_CODE: '123456' }`, `{ SMS_MFA_CODE: '…' }`,
   * `{ EMAIL_OTP_CODE: '…' }`, `{ SMS_OTP_CODE: '…' }`, `{ PASSWORD: '…' }`, WEB_AUTHN's
   * `{ CREDENTIAL: json }`, `SELECT_MFA_TYPE`'s `{ ANSWER: 'SOFTWARE_TOKEN_MFA' }` (one of
   * `parameters.MFAS_CAN_CHOOSE`), `CUSTOM_CHALLENGE`'s `{ ANSWER: '…' }`. `MFA_SETUP`: see
   * `setUpTotp`. Resolves with the next step; may be called again after a wrong code.
   */
  respond(answers: Record<string, string>, options?: RespondOptions): Promise<PasswordSignInResult>;
}

/**
 * Choice-based sign-in's `SELECT_CHALLENGE`: the ways Cognito offers this user, and `select` to
 * take one. `select('PASSWORD' | 'PASSWORD_SRP')` needs a password (given here or to the sign-in);
 * `EMAIL_OTP` and `SMS_OTP` resolve with the code challenge; `WEB_AUTHN` with the passkey challenge.
 * A way not in `availableChallenges` is refused with a `challenge` error before anything is sent
 * (Cognito would spend the step on it), so the step can still select one that is.
 */
export interface SelectChallengeStep extends ChallengeStep<'SELECT_CHALLENGE'> {
  /** Cognito's `AvailableChallenges` for this user, in its order. */
  availableChallenges: readonly ChoiceChallenge[];
  /** Takes one of `availableChallenges`; resolves with the next step, or signed in. */
  select(
    challenge: ChoiceChallenge,
    options?: { password?: string },
  ): Promise<PasswordSignInResult>;
}

/**
 * A code Cognito sent: `EMAIL_OTP` (sign-in or MFA code by email; answer `EMAIL_OTP_CODE`),
 * `SMS_OTP` (sign-in code by SMS; `SMS_OTP_CODE`), `SMS_MFA` (MFA code by SMS; `SMS_MFA_CODE`).
 */
export interface CodeChallengeStep extends ChallengeStep<'EMAIL_OTP' | 'SMS_OTP' | 'SMS_MFA'> {
  /**
   * Where the code went (`CODE_DELIVERY_DELIVERY_MEDIUM`, `CODE_DELIVERY_DESTINATION`), in
   * signInWithChoice's results; signInWithPassword's leave it out (read `parameters`).
   */
  codeDelivery?: ChallengeCodeDelivery | undefined;
}

/**
 * A passkey sign-in (`WEB_AUTHN`): pass `credentialRequestOptions` to WebAuthn, then answer with
 * the credential as JSON (`respond({ CREDENTIAL: json })`, WebAuthn's `AuthenticationResponseJSON`).
 */
export interface WebAuthnChallengeStep extends ChallengeStep<'WEB_AUTHN'> {
  /** `CREDENTIAL_REQUEST_OPTIONS`, parsed: WebAuthn's `PublicKeyCredentialRequestOptionsJSON`. */
  credentialRequestOptions: unknown;
}

/** Every other challenge Cognito names (`ChallengeNameType`), answered with `respond`. */
export type OtherChallengeStep = ChallengeStep<
  | 'NEW_PASSWORD_REQUIRED'
  | 'SOFTWARE_TOKEN_MFA'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | 'EMAIL_MFA'
  | 'CUSTOM_CHALLENGE'
  | 'PASSWORD'
  | 'PASSWORD_SRP'
  | 'PASSWORD_VERIFIER'
  | 'DEVICE_SRP_AUTH'
  | 'DEVICE_PASSWORD_VERIFIER'
  | 'ADMIN_NO_SRP_AUTH'
>;

/** A challenge to answer, typed by its `name`. */
export type SignInChallengeStep =
  | SelectChallengeStep
  | CodeChallengeStep
  | WebAuthnChallengeStep
  | OtherChallengeStep;

/**
 * Where a sign-in stands: signed in, or a challenge to answer (see {@link SignInChallengeStep}).
 * A signed-in result has `device` when the pool tracks devices and handed this browser a new one
 * (see {@link SignedInDevice}); a sign-in on a remembered device has none.
 */
export type PasswordSignInResult =
  | { status: 'signedIn'; user: IdTokenClaims; device?: SignedInDevice }
  | SignInChallengeStep;

/** The typed details of a challenge, read from its parameters (see {@link CodeChallengeStep}). */
export function challengeDetails(name: string, parameters: Record<string, unknown>) {
  if (name === 'WEB_AUTHN')
    return { credentialRequestOptions: parameters.CREDENTIAL_REQUEST_OPTIONS };
  if (!/^(EMAIL_OTP|SMS_OTP|SMS_MFA)$/.test(name)) return {};
  const { CODE_DELIVERY_DELIVERY_MEDIUM: medium, CODE_DELIVERY_DESTINATION: destination } =
    parameters;
  const isKnown = (medium === 'EMAIL' || medium === 'SMS') && typeof destination === 'string';
  return { codeDelivery: isKnown ? { medium, destination } : undefined };
}

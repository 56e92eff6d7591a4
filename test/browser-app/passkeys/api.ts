/** The passkey test page's API (main.ts), shared with test/browser/passkeys.test.ts. */

/** A rejection, as the page reports it. */
export interface PasskeyErrorSummary {
  name: string;
  code: string | null;
  message: string;
  providerCode: string | null;
  /** The provider's own words (`SessionError.providerMessage`), kept out of `message`. */
  providerMessage: string | null;
  cause: string | null;
}

/**
 * How {@link PasskeyTestApi.signInWithTamperedPasskey} alters the authenticator's assertion:
 * flip a bit of the signature, raise the signature counter in `authenticatorData` (only the
 * signature covers it), or change a character of the challenge in `clientDataJSON`.
 */
export type AssertionTamper = 'signature' | 'authenticatorData' | 'clientDataChallenge';

/** What every call resolves with: its value, or its rejection. */
export type Outcome<Value> = { ok: true; value: Value } | { ok: false; error: PasskeyErrorSummary };

export interface PasskeyTestApi {
  /** Creates the pool (passkeys on, relying party id left to its default) and a signed-in session. */
  start(): Promise<{ relyingPartyId: string; origin: string }>;
  registerPasskey(): Promise<Outcome<null>>;
  listPasskeys(): Promise<
    Outcome<{ credentialId: string; relyingPartyId: string; transports: string[] }[]>
  >;
  deletePasskey(credentialId: string): Promise<Outcome<null>>;
  signOut(): Promise<string>;
  signInWithPasskey(): Promise<Outcome<{ status: string; username: string | null }>>;
  /**
   * signInWithChoice preferring `WEB_AUTHN`, the real authenticator's answer to its
   * `credentialRequestOptions` (answerWebAuthnChallenge), altered as `tamper` says, then
   * `respond({ CREDENTIAL })`: how that went, whether the credential sent differed from the
   * authenticator's, and the session's status afterwards.
   */
  signInWithTamperedPasskey(tamper: AssertionTamper): Promise<{
    changed: boolean;
    result: Outcome<{ status: string }>;
    status: string;
  }>;
  /** The session's status (`getState().status`). */
  status(): string;
  /** The session's current token strings (none when signed out), to check messages against. */
  tokens(): Promise<string[]>;
  /** The pool's records of alice's passkeys. */
  poolPasskeys(): Promise<{ credentialId: string; algorithm: number; signCount: number }[]>;
  /** The operations the pool answered, oldest first. */
  operations(): string[];
}

declare global {
  interface Window {
    passkeyTest?: PasskeyTestApi;
  }
}

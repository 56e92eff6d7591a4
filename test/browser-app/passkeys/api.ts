/** The passkey test page's API (main.ts), shared with test/browser/passkeys.test.ts. */

/** A rejection, as the page reports it. */
export interface PasskeyErrorSummary {
  name: string;
  code: string | null;
  message: string;
  providerCode: string | null;
  cause: string | null;
}

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

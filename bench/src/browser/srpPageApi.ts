/**
 * Runs inside the SRP figure's Chromium pages (and, for bench/srpSignIn.test.ts, in Node): wraps
 * one library's client side of a `USER_SRP_AUTH` sign-in (the entries in ../srp.ts) in
 * `globalThis.srpBench`, which times the two steps with `performance.now()`. Every call resolves
 * with a plain object (errors as messages) so `page.evaluate` carries it.
 */

/** What Cognito's `PASSWORD_VERIFIER` challenge gives the client, plus what the user typed. */
export interface SrpChallenge {
  /** The pool id, `<region>_<name>`: each library takes the SRP pool name from it. */
  userPoolId: string;
  /** `USER_ID_FOR_SRP`. */
  userId: string;
  password: string;
  /** `SALT`, hex. */
  salt: string;
  /** `SRP_B`, hex. */
  srpB: string;
  /** `SECRET_BLOCK`, base64. */
  secretBlock: string;
}

/**
 * One library's client side, split where the network round trip is: `start` before
 * `InitiateAuth`, `finish` after the `PASSWORD_VERIFIER` challenge.
 */
export interface SrpClient<State = unknown> {
  /** A random secret a and `SRP_A` (A = g^a mod N as hex), as the library's sign-in makes them. */
  start(challenge: SrpChallenge): Promise<{ srpA: string; state: State }>;
  /** The same with a given a (hex), for the correctness check. */
  startWithSecret(
    challenge: SrpChallenge,
    secretHex: string,
  ): Promise<{ srpA: string; state: State }>;
  /**
   * From `SRP_B`, `SALT` and `SECRET_BLOCK` (parsed here, as the library's sign-in does) to
   * `PASSWORD_CLAIM_SIGNATURE`; the `TIMESTAMP` from the library's own clock unless given.
   */
  finish(
    challenge: SrpChallenge,
    state: State,
    timestamp?: string,
  ): Promise<{ signature: string; timestamp: string }>;
}

/** What one sign-in gave: the values a server checks, and the two steps' times. */
export interface SrpSignInOutcome {
  srpA?: string;
  signature?: string;
  timestamp?: string;
  /** `start`: random a, A = g^a mod N, `SRP_A`. */
  startMs?: number;
  /** `finish`: u, x, S, the HKDF key, the timestamp and the HMAC signature. */
  finishMs?: number;
  error?: string;
}

/** `globalThis.srpBench`. */
export interface SrpPageApi {
  /** One timed sign-in (random a, the library's own timestamp). */
  signIn(challenge: SrpChallenge): Promise<SrpSignInOutcome>;
  /** One untimed sign-in with a given a and timestamp: equal across libraries when correct. */
  signInWithSecret(input: {
    challenge: SrpChallenge;
    secretHex: string;
    timestamp: string;
  }): Promise<SrpSignInOutcome>;
}

const message = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]!
    .slice(0, 200);

/** Exposes `client` as `globalThis.srpBench`. */
export function installSrpApi<State>(client: SrpClient<State>): void {
  const api: SrpPageApi = {
    async signIn(challenge) {
      try {
        const started = performance.now();
        const { srpA, state } = await client.start(challenge);
        const answered = performance.now();
        const { signature, timestamp } = await client.finish(challenge, state);
        const finished = performance.now();
        return {
          srpA,
          signature,
          timestamp,
          startMs: answered - started,
          finishMs: finished - answered,
        };
      } catch (error) {
        return { error: message(error) };
      }
    },
    async signInWithSecret({ challenge, secretHex, timestamp }) {
      try {
        const { srpA, state } = await client.startWithSecret(challenge, secretHex);
        return { srpA, ...(await client.finish(challenge, state, timestamp)) };
      } catch (error) {
        return { error: message(error) };
      }
    },
  };
  (globalThis as unknown as { srpBench: SrpPageApi }).srpBench = api;
}

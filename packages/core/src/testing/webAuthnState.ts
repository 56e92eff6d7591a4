/**
 * The pool's passkey settings and records (Cognito's `WebAuthnConfiguration`; docs/cognito-wire.md
 * section 11): the relying party id, the origins allowed to use it, user verification, and the
 * credentials and registrations kept in the pool state (poolState.ts `webAuthn`).
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';

/**
 * The fake pool's passkey settings (option `webAuthn` of `createFakeUserPool`). Passkeys are off
 * without it: the passkey operations then answer `WebAuthnNotEnabledException`.
 *
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * createFakeUserPool({ ...config, webAuthn: { relyingPartyId: 'localhost', userVerification: 'required' } });
 * ```
 */
export interface FakeWebAuthnOptions {
  /**
   * The relying party id passkeys are bound to (Cognito's `RelyingPartyId`).
   * @default the page's host (`location.hostname`) where there is a page, else the host of the
   * pool's `domain`; with neither, the operations answer `WebAuthnConfigurationMissingException`
   */
  relyingPartyId?: string;
  /**
   * Origins allowed to register and use passkeys.
   * @default https origins of the relying party id and its subdomains, and any http origin when
   * the id is `localhost`
   */
  allowedOrigins?: readonly string[];
  /**
   * `'required'`: the authenticator must verify the user (UV flag).
   * @default 'required' with `factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION'`, else
   * 'preferred'
   */
  userVerification?: 'required' | 'preferred';
  /**
   * Cognito's `FactorConfiguration`. `'MULTI_FACTOR_WITH_USER_VERIFICATION'`: a passkey that
   * verifies the user counts as MFA, so a pool with `mfa: 'required'` may offer passkey sign-in
   * (`'WEB_AUTHN'` in `userAuthFactors`; Cognito refuses it there otherwise), and every passkey
   * must verify the user (`userVerification` is `'required'`).
   * @default 'SINGLE_FACTOR'
   */
  factorConfiguration?: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION';
}

/** The passkey settings, resolved once per pool. */
export interface ResolvedWebAuthnConfig {
  readonly relyingPartyId: string | null;
  readonly allowedOrigins: readonly string[] | null;
  readonly userVerification: 'required' | 'preferred';
  readonly factorConfiguration: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION';
}

/**
 * A passkey the pool registered (`CompleteWebAuthnRegistration`). Times in ms on the pool clock.
 *
 * @example
 * ```ts
 * import type { WebAuthnCredentialRecord } from '@sessionkit/core/testing';
 *
 * const [passkey]: WebAuthnCredentialRecord[] = await pool.passkeys('alice');
 * ```
 */
export interface WebAuthnCredentialRecord {
  /** base64url, as the browser's `credential.id`. */
  credentialId: string;
  /** The user who registered it, by username. */
  username: string;
  /** The credential public key (from its COSE key). */
  publicKey: JsonWebKey;
  /** Its COSE algorithm: -7 ES256, -257 RS256. */
  algorithm: -7 | -257;
  /** The authenticator's signature counter at the last use (0: it keeps none). */
  signCount: number;
  /** The transports the browser reported at registration (such as `internal`, `hybrid`), or `[]`. */
  transports: string[];
  /**
   * The registration's `authenticatorAttachment` (`platform` or `cross-platform`), or `null` when
   * the browser gave none.
   */
  authenticatorAttachment: string | null;
  /** The name `ListWebAuthnCredentials` shows: always `Passkey` (the pool takes no name). */
  friendlyName: string;
  /** The relying party id it was registered for (the pool's when the registration started). */
  relyingPartyId: string;
  /** When `CompleteWebAuthnRegistration` stored it, in ms on the pool clock. */
  createdAt: number;
}

/**
 * Passkeys by credential id, and registrations in progress by username (the newest start wins).
 *
 * @example
 * ```ts
 * import type { WebAuthnState } from '@sessionkit/core/testing';
 *
 * const empty: WebAuthnState = { credentials: {}, registrations: {} };
 * ```
 */
export interface WebAuthnState {
  /** Registered passkeys by credential id (base64url). */
  credentials: Record<string, WebAuthnCredentialRecord>;
  /**
   * The `StartWebAuthnRegistration` waiting per username: its challenge (base64url), client,
   * relying party id and expiry (ms on the pool clock, 5 minutes on); the first completion attempt
   * uses it up.
   */
  registrations: Record<
    string,
    { challenge: string; clientId: string; relyingPartyId: string; expiresAt: number }
  >;
}

/** The option, defaulted (`null`: passkeys off). */
export function resolveWebAuthnConfig(
  options: FakeWebAuthnOptions | undefined,
  domainUrl: string | null,
): ResolvedWebAuthnConfig | null {
  if (!options) return null;
  const pageHost = (globalThis as { location?: { hostname?: string } }).location?.hostname;
  const relyingPartyId =
    options.relyingPartyId ?? (pageHost || (domainUrl ? new URL(domainUrl).hostname : null));
  const factorConfiguration = options.factorConfiguration ?? 'SINGLE_FACTOR';
  if (!['SINGLE_FACTOR', 'MULTI_FACTOR_WITH_USER_VERIFICATION'].includes(factorConfiguration)) {
    throw new RangeError(
      `webAuthn.factorConfiguration must be 'SINGLE_FACTOR' or 'MULTI_FACTOR_WITH_USER_VERIFICATION', got ${JSON.stringify(factorConfiguration)}`,
    );
  }
  const multiFactor = factorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION';
  if (multiFactor && options.userVerification === 'preferred') {
    throw new RangeError(
      "webAuthn.userVerification 'preferred' cannot go with factorConfiguration " +
        "'MULTI_FACTOR_WITH_USER_VERIFICATION': a passkey that counts as MFA must verify the user.",
    );
  }
  return {
    relyingPartyId,
    allowedOrigins: options.allowedOrigins ? [...options.allowedOrigins] : null,
    userVerification: options.userVerification ?? (multiFactor ? 'required' : 'preferred'),
    factorConfiguration,
  };
}

/** Whether a client data `origin` may use passkeys of `relyingPartyId`. */
export function isAllowedOrigin(
  origin: unknown,
  relyingPartyId: string,
  allowedOrigins: readonly string[] | null,
): boolean {
  if (typeof origin !== 'string') return false;
  if (allowedOrigins) return allowedOrigins.includes(origin);
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  const host = url.hostname;
  const matches = host === relyingPartyId || host.endsWith(`.${relyingPartyId}`);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && host === 'localhost');
  return matches && secure;
}

/** The state's passkey records, created in states stored before passkeys existed. */
export function webAuthnStateOf(state: { webAuthn?: WebAuthnState }): WebAuthnState {
  state.webAuthn ??= { credentials: {}, registrations: {} };
  return state.webAuthn;
}

/** How long a registration or sign-in challenge lasts, in seconds (the kit's choice). */
export const WEB_AUTHN_CHALLENGE_SECONDS = 300;

/** Passkeys on and a relying party id known, else Cognito's configuration errors. */
export function requireWebAuthn(
  context: PoolContext,
): ResolvedWebAuthnConfig & { relyingPartyId: string } {
  const config = context.config.webAuthn;
  if (!config) {
    throw new CognitoApiError(
      'WebAuthnNotEnabledException',
      'Passkeys are not enabled for this user pool.',
    );
  }
  if (!config.relyingPartyId) {
    throw new CognitoApiError(
      'WebAuthnConfigurationMissingException',
      'The user pool has no relying party id and no domain.',
    );
  }
  return config as ResolvedWebAuthnConfig & { relyingPartyId: string };
}

/** A user's passkeys. */
export function userCredentials(state: PoolState, username: string) {
  return Object.values(webAuthnStateOf(state).credentials).filter((c) => c.username === username);
}

/** What a response to `challenge` must match under the pool's settings (webAuthnVerify.ts). */
export function expectation(
  config: ResolvedWebAuthnConfig & { relyingPartyId: string },
  challenge: string,
) {
  return {
    challenge,
    relyingPartyId: config.relyingPartyId,
    allowedOrigins: config.allowedOrigins,
    requireUserVerification: config.userVerification === 'required',
  };
}

import { SessionError } from '../errors.js';
import { requireSubtle } from '../webCrypto.js';

/** A redirect sign-in between its two steps: what the callback must match. */
export interface RedirectTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  appState?: unknown;
  /** ms, local clock. */
  createdAt: number;
}

/** A transaction older than this is refused: the provider's code would have expired anyway. */
export const REDIRECT_TRANSACTION_LIFETIME_MS = 15 * 60_000;

/** Callback parameters that are removed from the address bar once read. */
const CALLBACK_PARAMETERS = [
  'code',
  'state',
  'error',
  'error_description',
  'error_uri',
  'iss',
  'session_state',
];

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes, base64url: for `state`, `nonce` and the PKCE verifier (43 characters). */
export function randomToken(): string {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/** PKCE S256 (RFC 7636 section 4.2): base64url(SHA-256(verifier)). */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await requireSubtle('Redirect sign-in (PKCE S256)').digest(
    'SHA-256',
    new TextEncoder().encode(verifier),
  );
  return base64url(new Uint8Array(digest));
}

/**
 * The page's transactions where `sessionStorage` is missing: one map for the page (keys carry the
 * namespace), so a callback handled without a reload finds what `signInWithRedirect` saved.
 */
const memoryTransactions = /* @__PURE__ */ new Map<string, string>();

/**
 * Keeps redirect transactions in `sessionStorage` (per tab, survives the reload and the trip to
 * the provider), falling back to memory where it is missing. One entry per `state`, deleted when
 * the callback reads it, so a replayed callback finds nothing.
 */
export function createTransactionStore(namespace: string) {
  const prefix = `sessionkit:redirect:${namespace}:`;
  const storage = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> => {
    try {
      const candidate = (globalThis as { sessionStorage?: Storage }).sessionStorage;
      if (candidate) return candidate;
    } catch {
      // Some sandboxed iframes throw on access.
    }
    return {
      getItem: (key) => memoryTransactions.get(key) ?? null,
      setItem: (key, value) => void memoryTransactions.set(key, value),
      removeItem: (key) => void memoryTransactions.delete(key),
    };
  };
  return {
    save(transaction: RedirectTransaction): void {
      storage().setItem(prefix + transaction.state, JSON.stringify(transaction));
    },
    /** Reads and deletes the transaction of `state`, or returns undefined. */
    take(state: string): RedirectTransaction | undefined {
      const key = prefix + state;
      const raw = storage().getItem(key);
      storage().removeItem(key);
      if (!raw) return undefined;
      try {
        const parsed = JSON.parse(raw) as RedirectTransaction;
        return typeof parsed.codeVerifier === 'string' && parsed.state === state
          ? parsed
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** What a callback URL says. */
export type CallbackParameters =
  | { kind: 'code'; code: string; state: string }
  | { kind: 'error'; error: string; description: string | undefined; state: string | undefined };

/** Reads a redirect callback URL (query response mode). */
export function readCallback(url: URL): CallbackParameters {
  const query = url.searchParams;
  const state = query.get('state') ?? undefined;
  const error = query.get('error');
  if (error)
    return {
      kind: 'error',
      error,
      description: query.get('error_description') ?? undefined,
      state,
    };
  const code = query.get('code');
  if (!code || !state) {
    throw new SessionError(
      'state_mismatch',
      'This URL is not a sign-in callback: it has no "code" and "state".',
    );
  }
  return { kind: 'code', code, state };
}

/** The callback URL without its sign-in parameters, for `history.replaceState`. */
export function withoutCallbackParameters(url: URL): string {
  const clean = new URL(url.href);
  for (const name of CALLBACK_PARAMETERS) clean.searchParams.delete(name);
  return clean.pathname + clean.search + clean.hash;
}

/** The page's own origin, or undefined outside a browser page. */
export function currentOrigin(): string | undefined {
  const location = (globalThis as { location?: { origin?: string } }).location;
  return typeof location?.origin === 'string' && location.origin !== 'null'
    ? location.origin
    : undefined;
}

/** The page's own URL without query and fragment: the default redirect URI. */
export function currentPageUrl(): string | undefined {
  const location = (globalThis as { location?: Location }).location;
  if (!location?.origin || location.origin === 'null') return undefined;
  return `${location.origin}${location.pathname}`;
}

/** Goes to `url` in this tab. */
export function assignLocation(url: string): void {
  const location = (globalThis as { location?: Location }).location;
  if (!location) {
    throw new SessionError(
      'provider',
      'There is no page to redirect: pass `navigate` to redirect elsewhere.',
    );
  }
  location.assign(url);
}

import { SessionError } from './errors.js';

/**
 * `crypto.subtle`, or a `provider` SessionError saying why there is none. Browsers give WebCrypto's
 * digests and keys only to secure pages (https, or localhost), so an app opened over plain http,
 * as from a phone on the local network (`http://192.168.1.20:5173`), has none; a bare TypeError
 * from deep inside a sign-in would not say so.
 */
export function requireSubtle(what: string): SubtleCrypto {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (subtle) return subtle;
  const insecure = (globalThis as { isSecureContext?: boolean }).isSecureContext === false;
  throw new SessionError(
    'provider',
    `${what} needs WebCrypto (crypto.subtle)${insecure ? ', which browsers give only to secure pages (https or localhost)' : ''}.`,
  );
}

/**
 * The fake pool's stand-in for an authenticator app: the TOTP secrets this browser knows (the demo
 * user's, and those set up on this page), and their current codes. Only the fake-pool build has
 * it (fakeBackend.ts hands it to the page); with a real pool, users use their own app.
 */
import { totp } from '@sessionkit/core/testing';
import { DEMO_USER } from './config';

const KEY_PREFIX = 'sessionkit-demo-totp:';

/** What the sign-in page may ask of the demo authenticator. */
export interface DemoAuthenticator {
  /** The current code for a user whose secret this browser knows, else `null`. */
  code(username: string): Promise<string | null>;
  /** Keeps a secret set up on this page (localStorage: every tab and reload sees it). */
  remember(username: string, secret: string): void;
}

export function createDemoAuthenticator(): DemoAuthenticator {
  const secretOf = (username: string) =>
    username === DEMO_USER.username
      ? DEMO_USER.totpSecret
      : localStorage.getItem(`${KEY_PREFIX}${username}`);
  return {
    async code(username) {
      const secret = secretOf(username);
      return secret ? totp(secret, Date.now()) : null;
    },
    remember(username, secret) {
      localStorage.setItem(`${KEY_PREFIX}${username}`, secret);
    },
  };
}

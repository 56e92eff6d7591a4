/** What the example runs against: its fake pool, or the real one `.env.local` names. */

/** A Cognito user pool and app client. */
export interface PoolConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  /** The user pool domain (hosted UI / managed login), without `https://`. */
  domain?: string;
}

/** The fake pool of the demo. The id must look like Cognito's: aws-jwt-verify parses the region from it. */
export const FAKE_POOL = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_SessionKitDemo',
  clientId: 'sessionkitdemoclient',
  domain: 'demo.auth.eu-west-1.amazoncognito.com',
} as const satisfies PoolConfig;

/** The demo user: the sign-in page shows these credentials. */
export const DEMO_USER = {
  username: 'demo',
  password: 'Demo-Passw0rd!',
  // A fixed sub: the user is the same person in every pool the example creates (the session
  // checks that refreshed tokens keep the `sub`).
  sub: '5e1f0c2a-7b3d-4e8f-9a6b-0c1d2e3f4a5b',
  email: 'demo@example.com',
  groups: ['admins', 'beta'],
  plan: 'pro',
  /** Its authenticator app's secret (base32): the pool requires MFA, and the page shows the codes. */
  totpSecret: 'KRUGS4ZANFZSAYJAMRSW23ZAONSWG4TF',
} as const;

/** A user with no MFA yet: the pool requires it, so the first sign-in walks through TOTP set-up. */
export const NEW_USER = {
  username: 'newcomer',
  password: 'Newcomer-Passw0rd!',
  sub: '7a2b9c4d-1e3f-4a5b-8c6d-9e0f1a2b3c4d',
  email: 'newcomer@example.com',
} as const;

/** Token lifetimes the page offers, in seconds; the first is what the end-to-end test picks. */
export const TOKEN_LIFETIME_CHOICES = [20, 60, 300, 3600] as const;
/** Short enough to watch refreshes happen: 60 s tokens refresh at half-life, every 30 s. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;

/** The settings a real pool needs (`VITE_COGNITO_DOMAIN` is optional). */
const REQUIRED_SETTINGS = [
  'VITE_COGNITO_REGION',
  'VITE_COGNITO_USER_POOL_ID',
  'VITE_COGNITO_CLIENT_ID',
] as const;

/**
 * The real pool from `.env.local`. Throws when some settings are there and others missing: a
 * half-configured real pool is a mistake to show, not a reason to fall back to the fake pool.
 */
export function readRealPoolConfig(env: ImportMetaEnv = import.meta.env): PoolConfig {
  const missing = REQUIRED_SETTINGS.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new Error(
      `The real user pool settings are incomplete: set ${missing.join(', ')} in examples/react-vite/.env.local (or remove every VITE_COGNITO_* setting to run on the fake pool).`,
    );
  }
  const domain = env.VITE_COGNITO_DOMAIN?.trim();
  return {
    region: env.VITE_COGNITO_REGION!.trim(),
    userPoolId: env.VITE_COGNITO_USER_POOL_ID!.trim(),
    clientId: env.VITE_COGNITO_CLIENT_ID!.trim(),
    ...(domain ? { domain } : {}),
  };
}

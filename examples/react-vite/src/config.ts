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
  // A fixed sub: every tab adds the user at start-up, and the replaced user must stay the same
  // person (the session checks that refreshed tokens keep the `sub`).
  sub: '5e1f0c2a-7b3d-4e8f-9a6b-0c1d2e3f4a5b',
  email: 'demo@example.com',
  groups: ['admins', 'beta'],
  plan: 'pro',
} as const;

/** Token lifetimes the page offers, in seconds; the first is what the end-to-end test picks. */
export const TOKEN_LIFETIME_CHOICES = [20, 60, 300, 3600] as const;
/** Short enough to watch refreshes happen: 60 s tokens refresh at half-life, every 30 s. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;

/** The real pool from `.env.local`, or `null` when region, pool id or client id is missing. */
export function readRealPoolConfig(env: ImportMetaEnv = import.meta.env): PoolConfig | null {
  const region = env.VITE_COGNITO_REGION?.trim();
  const userPoolId = env.VITE_COGNITO_USER_POOL_ID?.trim();
  const clientId = env.VITE_COGNITO_CLIENT_ID?.trim();
  const domain = env.VITE_COGNITO_DOMAIN?.trim();
  if (!region || !userPoolId || !clientId) return null;
  return { region, userPoolId, clientId, ...(domain ? { domain } : {}) };
}

/** What the page and the demo API (demoApi.ts, in the fake backend's chunk) agree on. */

/** Where the demo API answers, on the page's own origin (the authorised fetch sends it the bearer). */
export const DEMO_API_PATH = '/api/profile';

/** What the demo API answers with a valid access token. */
export interface DemoApiProfile {
  message: string;
  username: string;
  sub: string;
  groups: string[];
  scope: string;
  /** The token's `exp`, in seconds. */
  exp: number;
}

/** What it answers otherwise (HTTP 401). */
export interface DemoApiRefusal {
  error: 'invalid_token';
  message: string;
}

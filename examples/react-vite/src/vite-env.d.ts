/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** All four set (domain optional) switch the example from the fake pool to a real user pool. */
  readonly VITE_COGNITO_REGION?: string;
  readonly VITE_COGNITO_USER_POOL_ID?: string;
  readonly VITE_COGNITO_CLIENT_ID?: string;
  readonly VITE_COGNITO_DOMAIN?: string;
}

/**
 * True in a build (or dev server) without `VITE_COGNITO_*` settings: the fake pool, its service
 * worker and the demo API are in the bundle. A build for a real pool leaves them all out.
 */
declare const __SESSIONKIT_FAKE_POOL__: boolean;

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** All four set (domain optional) switch the example from the fake pool to a real user pool. */
  readonly VITE_COGNITO_REGION?: string;
  readonly VITE_COGNITO_USER_POOL_ID?: string;
  readonly VITE_COGNITO_CLIENT_ID?: string;
  readonly VITE_COGNITO_DOMAIN?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The suites `pnpm mutation` (StrykerJS, stryker.config.mjs) runs against the mutated modules:
 * those that exercise claims and validation, redirect sign-in and its transaction store, the
 * authorised fetch, the storage record codec, the refresh policy and Cognito's error
 * classification. The soak and fault-matrix suites are left out: they take minutes and add no
 * kill the unit suites miss.
 */
export const MUTATION_TEST_FILES = [
  'src/__tests__/mutation*.test.ts',
  'src/__tests__/sessionValidation.test.ts',
  'src/__tests__/clockSkew.test.ts',
  'src/__tests__/issuer.test.ts',
  'src/__tests__/properties.test.ts',
  'src/__tests__/policyProperties.test.ts',
  'src/__tests__/refreshPolicy.test.ts',
  'src/__tests__/loopGuard.test.ts',
  'src/__tests__/degraded.test.ts',
  'src/__tests__/sessionRefresh.test.ts',
  'src/__tests__/sessionScheduling.test.ts',
  'src/__tests__/signIn.test.ts',
  'src/__tests__/oidc.test.ts',
  'src/__tests__/flowArguments.test.ts',
  'src/__tests__/sessionFetch.test.ts',
  'src/__tests__/storage.test.ts',
  'src/__tests__/storedSession.test.ts',
  'src/__tests__/persist.test.ts',
  'src/__tests__/cognitoErrors.test.ts',
  'src/__tests__/cognitoWire.test.ts',
  'src/__tests__/webCrypto.test.ts',
];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: MUTATION_TEST_FILES,
    // Type tests say nothing about a mutant's behaviour.
    typecheck: { enabled: false },
  },
});

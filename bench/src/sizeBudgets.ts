/**
 * Size budgets checked by sizeBudget.test.ts: the measured figure plus about 5 % headroom,
 * rounded up to 50 bytes; enough for a bug fix, not for a new dependency. When a change
 * legitimately grows a package, raise the constant in the same commit and say why.
 *
 * Measured 2026-11-23 (`pnpm bench`): core 12,691 B gzip, react 652 B on top of core.
 */

/**
 * The core entry of src/bundle.ts (`createSession` + `cognito` + `ready` + `signInWithRedirect` +
 * `getAccessToken`) with jwt-decode, mitt and idb-keyval.
 */
export const CORE_GZIP_BUDGET = 13_050;
/** Every `@sessionkit/react` export, on top of the core entry (React external). */
export const REACT_GZIP_BUDGET = 700;

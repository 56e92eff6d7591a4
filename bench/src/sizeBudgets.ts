/**
 * Size budgets checked by sizeBudget.test.ts, one per import set of src/importSets.ts, gzip -9
 * bytes: the measured figure plus about 5 % headroom, rounded up to 50 bytes; enough for a bug
 * fix, not for a new dependency. When a change legitimately grows a set, raise its budget in the
 * same commit and say why.
 *
 * Two budgets per set that adds to another: the whole set, and its delta (what the addition
 * itself costs), so a flow that starts dragging in another module fails here even while the
 * whole set still fits.
 *
 * Measured 2026-12-02 from the built packages, gzip bytes: restore-and-read 11,277; +password
 * 15,031 (+3,754: SRP sign-in); +redirect 12,762 (+1,485); +fetch 11,696 (+419); +cross-tab
 * 11,879 (+602); everything 17,546 (+6,269); +react 11,969 (+692); testing 12,527 (SRP verified
 * by the fake pool). Restore-and-read grew 588 B with issue 14's refresh errors (client secret,
 * disabled flow, "Invalid Refresh Token." and a disabled user each their own message) and the
 * pool's two issuers; before them it was 10,689.
 *
 * Issue 13 asks restore-and-read for at most 7,500 B. It is not met: see
 * RESTORE_AND_READ_GOAL_GZIP.
 */
import type { ImportSetName } from './importSets.ts';

/**
 * Issue 13's goal for what an app pays to restore a session and read a token. Not met (11,277):
 * the bytes are spread over behaviour every app gets on that path (validation with clear errors,
 * Cognito's error classification, retry and loop guard, storage fallback, persist modes), none
 * over 0.7 kB; the README's size section says where they go. Kept here so the gap stays visible.
 */
export const RESTORE_AND_READ_GOAL_GZIP = 7_500;

export const SIZE_BUDGETS_GZIP: Readonly<Record<ImportSetName, number>> = {
  'restore-and-read': 11_850,
  '+password': 15_800,
  '+redirect': 13_450,
  '+fetch': 12_300,
  '+cross-tab': 12_500,
  everything: 18_450,
  '+react': 12_600,
  testing: 13_200,
};

/** Budgets of what each addition costs on top of the set it adds to (gzip delta). */
export const DELTA_BUDGETS_GZIP: Readonly<Partial<Record<ImportSetName, number>>> = {
  '+password': 3_950,
  '+redirect': 1_600,
  '+fetch': 450,
  '+cross-tab': 650,
  everything: 6_600,
  '+react': 750,
};

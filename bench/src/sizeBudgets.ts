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
 * Measured 2026-12-02 from the built packages, gzip bytes: restore-and-read 10,689; +password
 * 11,566 (+877); +redirect 12,182 (+1,493); +fetch 11,120 (+431); +cross-tab 11,299 (+610);
 * everything 14,091 (+3,402); +react 11,383 (+694); testing 9,355.
 *
 * Issue 13 asks restore-and-read for at most 7,500 B. It is not met: see
 * RESTORE_AND_READ_GOAL_GZIP.
 */
import type { ImportSetName } from './importSets.ts';

/**
 * Issue 13's goal for what an app pays to restore a session and read a token. Not met (10,689):
 * the bytes are spread over behaviour SPEC requires on that path (validation with clear errors,
 * Cognito's error classification, retry and loop guard, storage fallback, persist modes), none
 * over 0.7 kB; the README's size section says where they go. Kept here so the gap stays visible.
 */
export const RESTORE_AND_READ_GOAL_GZIP = 7_500;

export const SIZE_BUDGETS_GZIP: Readonly<Record<ImportSetName, number>> = {
  'restore-and-read': 11_250,
  '+password': 12_150,
  '+redirect': 12_800,
  '+fetch': 11_700,
  '+cross-tab': 11_900,
  everything: 14_800,
  '+react': 11_950,
  testing: 9_850,
};

/** Budgets of what each addition costs on top of the set it adds to (gzip delta). */
export const DELTA_BUDGETS_GZIP: Readonly<Partial<Record<ImportSetName, number>>> = {
  '+password': 950,
  '+redirect': 1_600,
  '+fetch': 500,
  '+cross-tab': 650,
  everything: 3_600,
  '+react': 750,
};

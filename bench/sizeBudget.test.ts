/**
 * Size budgets of the published packages, checked by `pnpm test` (after the root build): every
 * import set of src/importSets.ts (the rows of the size figure of `pnpm bench`), bundled on its own
 * by esbuild from packages/core/dist and packages/react/dist, gzip -9 bytes. Budgets
 * (src/sizeBudgets.ts) are the measured figure plus about 5 % headroom.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundle } from './src/bundle.ts';
import {
  IMPORT_SETS,
  type ImportSetName,
  type ImportSetSize,
  measureImportSets,
} from './src/importSets.ts';
import { DELTA_BUDGETS_GZIP, SIZE_BUDGETS_GZIP } from './src/sizeBudgets.ts';

const dist = (path: string) => new URL(`../packages/${path}`, import.meta.url).pathname;

let measuring: Promise<Map<ImportSetName, ImportSetSize>> | undefined;
/** Every set bundled once, the first time a test asks; the figures are printed then. */
function sizes(): Promise<Map<ImportSetName, ImportSetSize>> {
  measuring ??= measureImportSets().then((measured) => {
    const lines = measured.map(({ set, size, delta }) =>
      [
        set.name.padEnd(17),
        String(size.minified).padStart(7),
        String(size.gzip).padStart(6),
        String(size.brotli).padStart(6),
        (delta ? `+${delta.gzip}` : '').padStart(7),
        String(SIZE_BUDGETS_GZIP[set.name]).padStart(7),
      ].join('  '),
    );
    console.info(
      ['import set          minified    gzip  brotli  Δ gzip   budget', ...lines].join('\n'),
    );
    return new Map(measured.map((entry) => [entry.set.name, entry]));
  });
  return measuring;
}

describe('size budget per import set (gzip -9 bytes, esbuild --bundle --minify --format=esm --platform=browser)', () => {
  it('bundles the built packages', () => {
    for (const path of [
      'core/dist/index.js',
      'core/dist/testing/index.js',
      'react/dist/index.js',
    ]) {
      expect(existsSync(dist(path)), `packages/${path} is missing: run pnpm build first`).toBe(
        true,
      );
    }
  });

  for (const set of IMPORT_SETS) {
    it(`keeps ${set.name} within ${SIZE_BUDGETS_GZIP[set.name]} bytes`, async () => {
      const { size } = (await sizes()).get(set.name)!;
      expect(size.gzip, `${set.name}: ${set.description}`).toBeLessThanOrEqual(
        SIZE_BUDGETS_GZIP[set.name],
      );
    });
    const deltaBudget = DELTA_BUDGETS_GZIP[set.name];
    if (set.base && deltaBudget !== undefined) {
      it(`adds at most ${deltaBudget} bytes to ${set.base} with ${set.name}`, async () => {
        const { delta } = (await sizes()).get(set.name)!;
        expect(delta?.gzip, `${set.name} over ${set.base}`).toBeLessThanOrEqual(deltaBudget);
      });
    }
  }

  it('budgets the delta of every set that adds to another', () => {
    const unbudgeted = IMPORT_SETS.filter(
      (set) => set.base && DELTA_BUDGETS_GZIP[set.name] === undefined,
    );
    expect(unbudgeted.map((set) => set.name)).toEqual([]);
  });
});

/**
 * What restore-and-read's bundle must not contain: the wire names only a flow's own module sends
 * (an app that restores a session and reads a token pays for none of the flows it does not
 * import). Each is checked present in its own set, so a renamed operation cannot pass unseen.
 */
const FLOW_MARKERS: ReadonlyArray<readonly [ImportSetName, string]> = [
  ['+password', 'PASSWORD_VERIFIER'],
  ['+account', 'ConfirmSignUp'],
  ['+account', 'ConfirmForgotPassword'],
  ['+profile', 'GetUserAttributeVerificationCode'],
  ['+profile', 'GlobalSignOut'],
  ['+choice-sign-in', 'SELECT_CHALLENGE'],
  ['+custom-auth', 'AuthFlow:"CUSTOM_AUTH"'],
  ['+aws-credentials', 'GetCredentialsForIdentity'],
  ['+passkeys', 'StartWebAuthnRegistration'],
  ['+devices', 'UpdateDeviceStatus'],
  ['+mfa', 'AssociateSoftwareToken'],
];

describe('restore-and-read carries no flow it does not import', () => {
  const code = new Map<ImportSetName, Promise<string>>();
  const bundled = (name: ImportSetName) => {
    const set = IMPORT_SETS.find((candidate) => candidate.name === name)!;
    if (!code.has(name)) {
      code.set(name, bundle({ contents: set.entry }, { external: [...(set.external ?? [])] }));
    }
    return code.get(name)!;
  };

  it.each(FLOW_MARKERS)('%s sends %s, restore-and-read does not', async (name, marker) => {
    expect(await bundled(name)).toContain(marker);
    expect(await bundled('restore-and-read')).not.toContain(marker);
  });
});

/**
 * The SRP sign-in figure times working code: each library's page bundle (src/srp.ts), run here in
 * Node, signs in a way the testing kit's server side accepts, and the three give the same
 * `SRP_A` and signature for the same secret a and timestamp. Correctness only; no time is
 * asserted (the figure itself runs in Chromium: `pnpm bench srp`).
 */
import { runInThisContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildSrpPage,
  createSrpFixture,
  fixedSignInInput,
  SRP_LIBRARIES,
  type SrpFixture,
  type SrpLibrary,
  type SrpPageApi,
  verifySrpSignIn,
} from './src/srp.ts';

const apis = new Map<SrpLibrary, SrpPageApi>();
let fixture: SrpFixture;

beforeAll(async () => {
  fixture = await createSrpFixture();
  const scope = globalThis as unknown as { srpBench?: SrpPageApi };
  for (const library of SRP_LIBRARIES) {
    // Each bundle is a module without imports or exports that sets globalThis.srpBench; its own
    // function scope keeps the three bundles' top-level names apart.
    runInThisContext(`(() => { 'use strict';\n${await buildSrpPage(library)}\n})()`);
    apis.set(library, scope.srpBench!);
    delete scope.srpBench;
  }
});

describe('SRP sign-in figure: the bundled libraries', () => {
  it.each(SRP_LIBRARIES)('%s signs in with a random a as a server accepts', async (library) => {
    const outcome = await apis.get(library)!.signIn(fixture.challenge);
    expect(outcome.error).toBeUndefined();
    expect(await verifySrpSignIn(fixture, outcome)).toBeNull();
  });

  it('all three give the same SRP_A and signature for the same a and timestamp', async () => {
    const input = { challenge: fixture.challenge, ...fixedSignInInput() };
    const outcomes = await Promise.all(
      SRP_LIBRARIES.map((library) => apis.get(library)!.signInWithSecret(input)),
    );
    for (const outcome of outcomes) expect(await verifySrpSignIn(fixture, outcome)).toBeNull();
    const [sessionkit, ...peers] = outcomes;
    for (const peer of peers) {
      expect(peer.srpA).toBe(sessionkit!.srpA);
      expect(peer.signature).toBe(sessionkit!.signature);
    }
  });

  it('a wrong password is refused by the same check', async () => {
    const outcome = await apis
      .get('sessionkit')!
      .signIn({ ...fixture.challenge, password: `${fixture.challenge.password}x` });
    expect(await verifySrpSignIn(fixture, outcome)).toBe('the signature does not verify');
  });
});

/**
 * Passkeys in real Chromium: Chromium's virtual authenticator (CDP `WebAuthn` domain: CTAP2,
 * internal transport, resident keys, user verification) answers the page's real
 * `navigator.credentials`, and the testing kit's pool verifies what it makes. The page
 * (browser-app/passkeys/) bundles the built core and kit; it is served on 127.0.0.1 and opened as
 * `http://localhost:<port>/`: an IP address cannot be a relying party id, `localhost` can, and
 * the kit's relying party id defaults to the page's host.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PasskeyTestApi } from '../browser-app/passkeys/api.js';
import { assertCoreBuilt } from '../src/browserApp.js';
import { launchChromium } from '../src/chromium.js';

const APP_ROOT = fileURLToPath(new URL('../browser-app/passkeys/', import.meta.url));

function call<Name extends keyof PasskeyTestApi>(
  page: Page,
  name: Name,
  ...args: Parameters<PasskeyTestApi[Name]>
): Promise<Awaited<ReturnType<PasskeyTestApi[Name]>>> {
  return page.evaluate(
    ([method, parameters]) =>
      // biome-ignore lint/suspicious/noExplicitAny: the page API, typed on the Node side
      (window as any).passkeyTest[method](...parameters),
    [name, args] as const,
  );
}

describe('passkeys in Chromium with a virtual authenticator', () => {
  let app: PreviewServer;
  let outDir: string;
  let url: string;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    assertCoreBuilt();
    outDir = await mkdtemp(join(tmpdir(), 'sessionkit-passkeys-app-'));
    await build({
      root: APP_ROOT,
      configFile: false,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022', minify: false },
    });
    app = await preview({
      root: APP_ROOT,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
    });
    const { port } = app.httpServer.address() as AddressInfo;
    url = `http://localhost:${port}/`;
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
    await page.goto(url);
    await page.waitForFunction(() => 'passkeyTest' in window);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('registers, lists, signs in with and deletes a passkey', async () => {
    expect(await call(page, 'start')).toEqual({
      relyingPartyId: 'localhost',
      origin: url.slice(0, -1),
    });

    expect(await call(page, 'registerPasskey')).toEqual({ ok: true, value: null });
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    const [stored] = await call(page, 'poolPasskeys');
    expect(stored).toMatchObject({ algorithm: -7 });
    // CDP's credentialId is base64; the pool's is base64url of the same bytes.
    expect(Buffer.from(stored!.credentialId, 'base64url')).toEqual(
      Buffer.from(credentials[0]!.credentialId, 'base64'),
    );

    const listed = await call(page, 'listPasskeys');
    expect(listed).toEqual({
      ok: true,
      value: [
        {
          credentialId: stored!.credentialId,
          relyingPartyId: 'localhost',
          transports: ['internal'],
        },
      ],
    });

    // The authenticator already holds a passkey of alice: excludeCredentials makes it refuse.
    const again = await call(page, 'registerPasskey');
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'challenge', cause: expect.stringMatching(/^InvalidStateError/) },
    });

    expect(await call(page, 'signOut')).toBe('signedOut');
    const signedIn = await call(page, 'signInWithPasskey');
    expect(signedIn).toEqual({ ok: true, value: { status: 'signedIn', username: 'alice' } });
    const signCount = (await call(page, 'poolPasskeys'))[0]?.signCount ?? 0;
    const { credentials: after } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(signCount).toBe(after[0]?.signCount);

    expect(await call(page, 'deletePasskey', stored!.credentialId)).toEqual({
      ok: true,
      value: null,
    });
    expect(await call(page, 'listPasskeys')).toEqual({ ok: true, value: [] });
    expect(await call(page, 'signOut')).toBe('signedOut');
    const refused = await call(page, 'signInWithPasskey');
    expect(refused).toMatchObject({ ok: false, error: { code: 'challenge' } });

    expect(await call(page, 'operations')).toEqual(
      expect.arrayContaining([
        'StartWebAuthnRegistration',
        'CompleteWebAuthnRegistration',
        'ListWebAuthnCredentials',
        'DeleteWebAuthnCredential',
        'RespondToAuthChallenge',
      ]),
    );
    expect(errors).toEqual([]);
  });

  /** A new pool and session, an authenticator holding one passkey of alice, nobody signed in. */
  async function freshPasskey(): Promise<string> {
    await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
    await call(page, 'start');
    expect(await call(page, 'registerPasskey')).toEqual({ ok: true, value: null });
    expect(await call(page, 'signOut')).toBe('signedOut');
    const [stored] = await call(page, 'poolPasskeys');
    return stored!.credentialId;
  }

  // The kit's pool verifies the assertion (packages/core/src/testing/webAuthnVerify.ts
  // `verifyAssertion`) and refuses it as Cognito does: NotAuthorizedException, which the session
  // maps to `invalid_grant` (packages/core/src/providers/cognito/cognitoSignIn.ts).
  const refusedPasskey = (providerMessage: RegExp) => ({
    ok: false,
    error: {
      name: 'SessionError',
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
      providerMessage: expect.stringMatching(providerMessage),
    },
  });

  it('refuses an assertion whose signature was tampered with', async () => {
    await freshPasskey();
    const before = (await call(page, 'poolPasskeys'))[0]!.signCount;

    const tampered = await call(page, 'signInWithTamperedPasskey', 'signature');
    expect(tampered.changed).toBe(true);
    expect(tampered.result).toMatchObject(refusedPasskey(/signature does not verify/));
    expect(tampered.status).toBe('signedOut');
    expect(await call(page, 'tokens')).toEqual([]);
    // A refused assertion does not move the stored counter.
    expect((await call(page, 'poolPasskeys'))[0]!.signCount).toBe(before);

    // The untampered ceremony, on a fresh challenge, still signs in.
    expect(await call(page, 'signInWithPasskey')).toEqual({
      ok: true,
      value: { status: 'signedIn', username: 'alice' },
    });
    expect(errors).toEqual([]);
  });

  it('refuses an assertion whose authenticator data or client data was tampered with', async () => {
    await freshPasskey();

    // A higher signature counter passes the counter check: only the signature catches it.
    const data = await call(page, 'signInWithTamperedPasskey', 'authenticatorData');
    expect(data.changed).toBe(true);
    expect(data.result).toMatchObject(refusedPasskey(/signature does not verify/));
    expect(data.status).toBe('signedOut');

    // Another challenge than the one issued: refused by the challenge check, before the signature.
    const challenge = await call(page, 'signInWithTamperedPasskey', 'clientDataChallenge');
    expect(challenge.changed).toBe(true);
    expect(challenge.result).toMatchObject(refusedPasskey(/challenge does not match/));
    expect(challenge.status).toBe('signedOut');
    expect(await call(page, 'tokens')).toEqual([]);

    expect(await call(page, 'signInWithPasskey')).toEqual({
      ok: true,
      value: { status: 'signedIn', username: 'alice' },
    });
    expect(errors).toEqual([]);
  });

  it('reports a refused passkey prompt as cancelled, in words for the user', async () => {
    const credentialId = await freshPasskey();
    // The pool asks for user verification (main.ts `start`: `webAuthn.userVerification`
    // 'required'); an authenticator that fails to verify the user makes Chromium reject the
    // ceremony with NotAllowedError, as when the user dismisses the prompt.
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    try {
      const cancelledSignIn = await call(page, 'signInWithPasskey');
      expect(cancelledSignIn).toMatchObject({
        ok: false,
        error: {
          name: 'SessionError',
          code: 'cancelled',
          cause: expect.stringMatching(/^NotAllowedError/),
        },
      });
      expect(await call(page, 'status')).toBe('signedOut');

      // Registering from a signed-in session: the same refusal, and the message holds no token.
      await call(page, 'start');
      const tokens = await call(page, 'tokens');
      expect(tokens).toHaveLength(2);
      const cancelledRegistration = await call(page, 'registerPasskey');
      expect(cancelledRegistration).toMatchObject({
        ok: false,
        error: {
          name: 'SessionError',
          code: 'cancelled',
          cause: expect.stringMatching(/^NotAllowedError/),
        },
      });
      expect(await call(page, 'poolPasskeys')).toEqual([]);

      for (const outcome of [cancelledSignIn, cancelledRegistration]) {
        if (outcome.ok) throw new Error('expected a rejection');
        const { message } = outcome.error;
        expect(message).toMatch(/passkey/i);
        expect(message).toMatch(/dismissed|cancel|timed out/i);
        expect(message).not.toContain(credentialId);
        expect(message).not.toMatch(/eyJ[\w-]+\./); // no JWT
        for (const token of tokens) expect(message).not.toContain(token);
      }
    } finally {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
    }
    expect(errors).toEqual([]);
  });
});

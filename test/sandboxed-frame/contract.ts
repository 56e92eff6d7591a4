/**
 * What browser/sandboxedFrame.test.ts (in Node) and sandboxed-frame/main.ts (in the frame) share:
 * constants and types only, so the test can import it without running the frame's script.
 */
import type { TokenSet } from '@sessionkit/core';

/** The pool the frame's session trusts and the test mints tokens for. */
export const FRAME_POOL = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Sandboxed1',
  clientId: 'sessionkit-sandboxed-frame',
} as const;

/** What the frame reports to the test. */
export interface SandboxedFrameReport {
  /** `'null'` in an opaque origin. */
  origin: string;
  /** The error name `navigator.locks.request` rejects with, or `'allowed'`. */
  locks: string;
  /** The error name `indexedDB.open` throws, or `'allowed'`. */
  indexedDB: string;
  /** The state after ready, sign-in, refresh (`signedIn:refreshed` with the new tokens), sign-out. */
  states: string[];
  events: string[];
  /** The Cognito operations the session sent. */
  requests: string[];
}

/** The frame's message to its parent. */
export type SandboxedFrameResult =
  | { ok: true; report: SandboxedFrameReport }
  | { ok: false; error: string };

declare global {
  interface Window {
    /** The sign-in's tokens, then the refresh's. */
    FRAME_TOKENS?: [TokenSet, TokenSet];
  }
}

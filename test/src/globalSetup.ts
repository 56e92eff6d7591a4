/**
 * Vitest globalSetup of the browser suites: fails the run (never skips it) without Chromium or
 * without a build of the packages, then builds and serves the test app once for every file.
 */
import type { TestProject } from 'vitest/node';
import { serveBrowserApp } from './browserApp.js';
import { assertChromiumInstalled } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>/`: the browser test app. */
    browserAppUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertChromiumInstalled();
  const app = await serveBrowserApp();
  project.provide('browserAppUrl', app.url);
  return () => app.close();
}

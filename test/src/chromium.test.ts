import { describe, expect, it } from 'vitest';
import { assertChromiumInstalled, CHROMIUM_PATH } from './chromium.js';

describe('assertChromiumInstalled', () => {
  it('fails with the install command when Chromium is missing', () => {
    expect(() => assertChromiumInstalled('/nonexistent/chromium')).toThrow(
      'Chromium not found at /nonexistent/chromium: install it with apt-get install chromium, as .ci/run does',
    );
  });

  it('passes for the Chromium the suites drive', () => {
    expect(() => assertChromiumInstalled(CHROMIUM_PATH)).not.toThrow();
  });
});

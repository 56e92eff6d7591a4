/** The decoded claims of the ID and access tokens as tables: times as dates with the time left. */
import type { SessionState } from '@sessionkit/core';
import { h, replaceChildren } from './dom.js';
import { claimText } from './format.js';

/** Rows of one token's claims: name and text, in the order the token lists them. */
export function claimRows(claims: object, now: number): Array<[string, string]> {
  return Object.entries(claims).map(([name, value]) => [name, claimText(name, value, now)]);
}

function table(caption: string, claims: object, now: number): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'tbody',
      {},
      ...claimRows(claims, now).map(([name, text]) =>
        h('tr', {}, h('th', { scope: 'row' }, name), h('td', { 'data-claim': name }, text)),
      ),
    ),
  );
}

/** Redraws the claims of `state` into `container` (nothing while signed out). */
export function drawClaims(container: HTMLElement, state: SessionState, now: number): void {
  if (state.status !== 'signedIn') {
    replaceChildren(container, h('p', { class: 'muted' }, 'No tokens: no user is signed in.'));
    return;
  }
  replaceChildren(
    container,
    table('ID token', state.user, now),
    table('Access token', state.accessClaims, now),
    h(
      'p',
      { class: 'muted' },
      `Token strings are not shown; the refresh token ${state.hasRefreshToken ? 'is held by the session' : 'is absent'}.`,
    ),
  );
}

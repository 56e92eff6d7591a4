// src/session.ts: one session for the whole app, created outside any component.
import { cognito, createAuthorizedFetch, createSession, crossTab } from '@sessionkit/core';

// The pool's custom attributes, declared once for the app (see "Custom claims").
declare module '@sessionkit/core' {
  interface Register {
    claims: { 'custom:tenant': string; 'custom:plan': 'free' | 'pro' };
  }
}

export const session = createSession({
  provider: cognito({
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbC123',
    clientId: '4tq2example',
    domain: 'my-app.auth.eu-west-1.amazoncognito.com',
  }),
  crossTab: crossTab(), // the app's tabs share one refresh per expiry, sign-in and sign-out
});

// Adds `Authorization: Bearer <access token>` for the page's own origin (see `allowedOrigins`),
// refreshing first when needed and retrying once on 401.
export const api = createAuthorizedFetch(session);

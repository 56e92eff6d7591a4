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
 * +amplify-adoption (issue 14, adoptAmplifySession) measured 13,097 (+1,176: Amplify's key names,
 * the device store, the staleness check) over a restore-and-read of 11,921 measured with device
 * tracking and MFA in progress.
 *
 * +mfa (setUpTotp for MFA_SETUP in sign-in, associateTotp, verifyTotp, setMfaPreference) measured
 * 18,880 (+1,854 over a +password of 17,026 measured with device tracking in progress), then
 * 19,171 (+1,836) over the +password of device tracking (17,335); MFA adds nothing to
 * restore-and-read or +password (their bundles hold no MFA code). The testing kit's MFA (RFC 6238
 * TOTP, MFA_SETUP, SMS and email codes, SetUserMFAPreference), weighed from the sources with and
 * without it, adds 3,071 to testing: its budget rose from 13,200 by that plus 5 % (16,450).
 *
 * Device tracking (signInWithPassword confirms a device Cognito hands out, presents a remembered
 * one and proves it with DEVICE_SRP_AUTH; rememberDevice, forgetDevice, listDevices): +devices
 * measured 13,127 (+1,206 over a restore-and-read of 11,921). It adds nothing to restore-and-read
 * (no device code in its bundle beyond the refresh's device key, which was there before) and,
 * weighed from the sources with and without it, 1,649 to +password, 1,645 to everything and
 * 1,949 to testing (the kit's device operations and device SRP): those budgets rose by that plus
 * 5 % (+password 15,800 → 17,550 and its delta 3,950 → 5,700; everything 18,450 → 20,200 and its
 * delta 6,600 → 8,350; testing 16,450 → 18,500).
 *
 * Issue 15 (security round 2) grew restore-and-read by 587 B to 11,920, each for behaviour every
 * session needs on that path: persist governs reads ('none' removes, 'no-refresh-token' strips),
 * a newer schema version left untouched (memory fallback with its message) and version 1
 * migrated, the clock-skew bound with a message naming the device clock, refreshed tokens of
 * another user ending the session, revocation asked of the tab holding the refresh token, and
 * the `expired` mark of a degraded session. +fetch grew by 177 B more (596 over restore-and-read:
 * allowedOrigins entries checked, bearer requests never follow redirects). Budgets of the sets
 * built on restore-and-read rose by the same plus 5 %: restore-and-read 11,850 → 12,550, +fetch
 * 12,300 → 13,150 (delta 450 → 650), +cross-tab 12,500 → 13,200, +react 12,600 → 13,300.
 *
 * Account flows (sign-up, password reset and change; signInWithPassword's `nextStep`): +account
 * (signUp, confirmSignUp signing in after, resendSignUpCode, resetPassword, confirmResetPassword,
 * changePassword) measured 18,550 (+6,550 over a restore-and-read of 12,000). Most of it is
 * confirmSignUp's sign-in (USER_AUTH with the sign-up's Session ends like a password sign-in: MFA
 * challenges, a new device confirmed with its SRP verifier): the same entry without confirmSignUp
 * measured 13,611 (+1,611). Nothing of it is in restore-and-read's bundle (checked: no account
 * code there; its figure moved 11,968 → 12,000 with other work in progress at the time).
 * signInWithPassword's sign-in flow, shared with confirmSignUp, and its `nextStep` added about
 * 133 to +password (17,451 → 17,616, of which 32 is restore-and-read's move) and to everything:
 * those budgets rose by that plus 5 % (+password 17,550 → 17,700, everything 20,200 → 20,350).
 * The testing kit's account operations (SignUp, ConfirmSignUp, ResendConfirmationCode,
 * ForgotPassword, ConfirmForgotPassword, ChangePassword, USER_AUTH after sign-up) grew testing
 * 18,046 → 19,474: its budget rose by that plus 5 % (18,500 → 20,000).
 *
 * Profile and global sign-out (getUserAttributes, updateUserAttributes,
 * sendUserAttributeVerificationCode, verifyUserAttribute, globalSignOut, deleteUser): +profile
 * measured 14,156 (+2,150 over a restore-and-read of 12,006, which it leaves unchanged: no
 * profile code in its bundle). Most of it is the account flows' error mapping it shares (our own
 * messages for Cognito's refusals). The testing kit's profile operations (UpdateUserAttributes,
 * GetUserAttributeVerificationCode, VerifyUserAttribute, DeleteUser), weighed from the sources
 * with and without them, add 847 to testing: its budget rose by that plus 5 % (+900).
 *
 * Choice-based sign-in (signInWithChoice: InitiateAuth USER_AUTH with a preferred way or
 * SELECT_CHALLENGE, email and SMS codes, PASSWORD, PASSWORD_SRP through the SRP sign-in, the
 * passkey challenge's shape): +choice-sign-in measured 18,337 (+6,331 over a restore-and-read of
 * 12,006, which it leaves unchanged: no choice code in its bundle). Most of it is the sign-in flow
 * it shares with signInWithPassword (SRP, MFA answers, devices); its own part is about 700. The
 * typed challenge results and the SRP request made pluggable added 35 to +password (17,619 →
 * 17,654) and 24 to everything, within their budgets. The testing kit's USER_AUTH (sign-in
 * policy, AvailableChallenges, 8-digit codes, SELECT_CHALLENGE, the factor registry), weighed from
 * the sources with and without it, adds 978 to testing: its budget rose by that plus 5 % (+1,050).
 *
 * Passkeys (registerPasskey, listPasskeys, deletePasskey, signInWithPasskey): +passkeys measured
 * 21,360 (+9,354 over a restore-and-read of 12,006, which it leaves unchanged: no passkey code in
 * its bundle). signInWithPasskey brings choice-based sign-in (+choice-sign-in alone measured
 * 18,337, +6,331); the passkey code itself (WebAuthn JSON conversion, the browser ceremony and
 * its errors, the three account calls) is about 3,000 of it. The testing kit's passkeys
 * (StartWebAuthnRegistration, CompleteWebAuthnRegistration verified for real: CBOR, COSE keys,
 * ES256 and RS256 signatures; ListWebAuthnCredentials, DeleteWebAuthnCredential, the WEB_AUTHN
 * factor of USER_AUTH) weigh 4,806 bundled on their own: testing's budget rose by that plus 5 %
 * (+5,050).
 *
 * The page-load path (the first storage read starts inside createSession, the wake-up listeners
 * are added while it is in flight) grew restore-and-read by 45 B, 12,006 → 12,051, and +password
 * with it to 17,712, past its budget of 17,700 (set with 0.3 % headroom): that budget rose to the
 * measured figure plus 5 % (18,600).
 *
 * The kit's password policy (option `passwordPolicy`), sign-in by email address or phone number
 * (`usernameAttributes`), attribute updates kept until verified
 * (`attributesRequireVerificationBeforeUpdate`) and alias attributes (`aliasAttributes`) grew
 * testing 25,672 → 27,021: its budget rose from 27,000 by that plus 5 % (28,400). Case-insensitive
 * usernames (`usernameCaseSensitive`) then made it 27,167.
 *
 * Sign-in's own words for a temporary password past its validity and for NEW_PASSWORD_REQUIRED
 * answered without a required attribute (2026-12-03) added 76 to +choice-sign-in (18,780 →
 * 18,856; +6,685 over restore-and-read, past its delta budget of 6,650): that budget rose to the
 * measured figure plus 5 % (7,000). +password grew by 78 (18,228) and +account by 85 (19,143),
 * within theirs; restore-and-read is unchanged (no sign-in code in its bundle).
 *
 * A Lambda trigger's refusal (UserLambdaValidationException) in our own words for sign-in and
 * the account flows (2026-12-03) added 64–69 to every set that signs in or calls an account
 * operation: +profile 14,676 (+2,417 over restore-and-read), +custom-auth 17,792 (+5,533) and
 * +passkeys 22,136 (+9,877), past delta budgets left with 0.3–1.5 % headroom by the changes before
 * (the kit's lockout and account-state messages among them): those rose to the measured figure
 * plus 5 % (2,550, 5,850, 10,400). Restore-and-read 12,259 (a late first read taken, +88).

 * Issue 13 asks restore-and-read for at most 7,500 B. It is not met: see
 * RESTORE_AND_READ_GOAL_GZIP.
 *
 * +react grew by useFlow (every @sessionkit/react export is in the set): measured 12,949, +943 over
 * restore-and-read; its budgets rose to 13,550 and +1,000.
 * +devtools (mount(session) from @sessionkit/devtools, its development entry: the panel, its
 * timeline, claims and log, and @sessionkit/core/devtools) measured 19,162 (+7,156 over a
 * restore-and-read of 12,006). Production builds resolve the package to a no-op and ship none of
 * it. The hooks it needs (the state hub and the provider-call settings on the session's
 * internals) added 5 bytes to restore-and-read (12,001 → 12,006).
 *
 * 2026-12-03: +redirect measured 13,551 against its budget of 13,550 and everything 20,300
 * against 20,350 after restore-and-read grew 21 B (a storage that throws falls back a tick later,
 * so the first read's storageFallback event reaches the app). Those two budgets had not risen
 * with restore-and-read's growth since issue 15 and were left with under 0.5 % headroom; they now
 * have the 5 % every other set has: +redirect 14,200 (measured 13,540), everything 21,300 (20,300).
 *
 * Custom authentication (signInWithCustomChallenge: InitiateAuth CUSTOM_AUTH, CUSTOM_CHALLENGE
 * answers, a remembered device presented): +custom-auth measured 17,295 (+5,223 over a
 * restore-and-read of 12,072, which it leaves unchanged). Nearly all of it is the sign-in flow it
 * shares with signInWithPassword and signInWithChoice (challenge steps, MFA answers, device SRP,
 * device confirmation); its own module is about 0.5 kB minified. The testing kit's custom auth
 * (the three triggers, the challenge sessions) grew testing 27,290 → 28,071, within its budget.
 *
 * Custom authentication that starts with the password (signInWithPassword's `authFlow:
 * 'CUSTOM_WITH_SRP'`) and its `clientMetadata` option: +password 17,736 → 17,878 (+142) and
 * everything 20,301 → 20,447 (+146); the kit's start with SRP_A and PASSWORD_VERIFIER in custom
 * sign-ins grew testing 28,168 → 28,598 (+430). Those budgets rose by that plus 5 % (+password's
 * delta 5,700 → 5,850, everything's 8,350 → 8,500, testing 28,400 → 28,900); restore-and-read is
 * unchanged.
 *
 * deleteUserAttributes (DeleteUserAttributes, then a refresh) joined the +profile set: 14,290 →
 * 14,403 (+114 over restore-and-read, which it leaves unchanged); the delta budget rose by that
 * plus 5 % (2,250 → 2,370). The kit's DeleteUserAttributes grew testing 28,598 → 28,745, within
 * its budget.
 *
 * Sign-up without a password: signUp leaves Password out when it gets none (+account 18,776 →
 * 18,785); the kit's SignUp without Password and its ConfirmSignUp Session without SignUp's grew
 * testing 28,745 → 28,911 (+166): its budget rose by that plus 5 % (28,900 → 29,100).
 *
 * AWS credentials from an identity pool (createAwsCredentials: GetId, GetCredentialsForIdentity,
 * the guest identity kept in storage, their own error messages): +aws-credentials measured 13,344
 * (+1,266 over a restore-and-read of 12,072, which it leaves unchanged), then 13,405 (+1,327) with
 * the sign-out hook and persist: 'none'; budgets 14,100 and +1,400. The kit's identity pool grew testing 28,911 → 29,919 (+1,008): its budget rose by that
 * plus 5 % (29,100 → 30,200).
 *
 * storageTimeoutMs (a storage operation unanswered for 10 s counts as failed; a sign-out after the
 * storage failed still sends it the removal) grew restore-and-read 12,078 → 12,202 (+124) and every
 * set with it. +mfa measured 19,865 against its budget of 19,850 (set with 0.5 % headroom): it rose
 * to the measured figure plus 5 % (20,850).
 *
 * A clear error where a page has no WebCrypto (crypto.subtle, which browsers give only to secure
 * pages): SRP and PKCE check for it (webCrypto.ts) and refuse with a SessionError saying so,
 * SRP before its first request. +password 18,008 → 18,150 (+142), +redirect 13,675 → 13,788,
 * everything 20,586 → 20,786, testing 29,920 → 30,179 (the kit's SRP shares srpMath.ts);
 * restore-and-read unchanged (12,200). The deltas of +password (5,850 → 6,250), +redirect
 * (1,600 → 1,700), +account (6,900 → 7,200) and everything (8,500 → 9,000) and testing's budget
 * (30,200 → 31,700) rose to the measured figure plus about 5 %. crossTab()'s handling of Web
 * Locks that refuse (a sandboxed iframe) grew +cross-tab by 25 B, within its budget.
 *
 * resetPassword for a user who still has a temporary password says to sign in with it (its own
 * words in accountErrors.ts): +account 19,292 → 19,352 (+60), +profile 14,676 → 14,742 (+66),
 * both within their budgets; restore-and-read unchanged (12,259).
 *
 * The kit reading authenticator data to its end (extension outputs after the ED flag, leftover
 * bytes refused) and checking a passkey's counter by one rule at both ends of a sign-in grew
 * testing 31,442 → 31,730 (+288): its budget rose by that plus 5 % (31,700 → 32,000).
 * `requestTimeoutMs: 0` refused and timeouts clamped to setTimeout's range grew restore-and-read
 * 12,259 → 12,341 (+82), within its budget. The kit's passkey checks (a sign-in's user handle, BS
 * without BE, a credential id over 1023 bytes; the counter no longer decoded twice) grew testing
 * 31,730 → 31,847 (+117), and removing Amplify's hosted-UI flag +amplify-adoption 13,529 →
 * 13,533, both within their budgets. The kit's `/oauth2/userInfo` (scopes to attributes, the two
 * refusals, the discovery entry) grew testing 31,847 → 32,387 (+540): its budget rose by that
 * plus 5 % (32,000 → 32,550); the user read once in the token check then made it 32,356.
 * `signInWithRedirect`'s `loginHint` grew +redirect 13,925 → 13,961 and everything 21,067 →
 * 21,094, within their budgets.
 *
 * `signInWithRedirect`'s `lang` and `idpIdentifier`: Cognito's parameter names sit in cognito()'s
 * `hostedSignIn` beside `identity_provider`, so every set grew by about 25 B (restore-and-read
 * 12,341 → 12,366, +redirect 13,961 → 14,056). +profile measured 14,853 against its budget of
 * 14,850 (its headroom had been used by the account flows' words): it rose to the measured figure
 * plus 5 % (15,600). The kit's managed-login session (prompt=none, prompt=login, /logout ending
 * it) grew testing 32,356 → 32,527, within its budget.
 *
 * crossTab(): a lock request refused with an InvalidStateError (a document that is not fully
 * active) runs its step without the lock, and one refused as malformed (a TypeError) still fails
 * it: +cross-tab 12,998 → 13,024 (delta 632 → 658), past its delta budget of 650, which rose to
 * the measured figure plus about 5 % (690); restore-and-read unchanged.
 *
 * The kit's SignUp refusing attribute names outside the schema (one line each, before missing
 * required ones) grew testing 32,527 → 32,555, past its budget of 32,550; signUp reading that
 * refusal as the app's mistake (the check moved from the signed-in calls' mapping to every account
 * call's) grew +account 19,449 → 19,498 against its budget of 19,500. Both budgets rose to the
 * measured figure plus 5 % (testing 34,200, +account 20,450); +profile unchanged (14,850).
 * The kit's `writeAttributes` (the app client's WriteAttributes) and every account call reading
 * "A client attempted to write unauthorized attribute" as `provider` then made testing 32,637,
 * +account 19,542 (+7,176) and +profile 14,903 (+2,537 against its delta budget of 2,550), all
 * within their budgets; restore-and-read unchanged. A required attribute that the profile cannot
 * remove, in our own words for the signed-in calls, made +profile 14,921 (+2,555 over
 * restore-and-read), past its delta budget of 2,550: it rose to the measured figure plus 5 %
 * (2,700). testing 32,835. A pool where only administrators create users, in our own words for
 * every account call (the kit's `allowAdminCreateUserOnly`), made +account 19,592 (+7,226), past
 * its delta budget of 7,200: it rose to the measured figure plus 5 % (7,600); +profile 14,967
 * (+2,601), testing 32,919, within theirs. A malformed email address or phone number in our own
 * words (challenge), and the kit checking both: +account 19,655 (+7,289), +profile 15,034
 * (+2,668), testing 33,033, all within their budgets. A new password with a space at either end
 * (the API's own pattern) in our own words: +account 19,710 (+7,344), +profile 15,092 (+2,726,
 * past its delta budget of 2,700) and +passkeys 22,506 (past its budget of 22,450; passkeys map
 * their refusals through the account mapping), testing 33,182. The two budgets passed rose to the
 * measured figure plus 5 % (+profile's delta 2,850, +passkeys 23,650). The refusals only the
 * sign-up and password flows meet then moved to accountFlowErrors.ts (with a username the API
 * refuses, and "Username should be…"): +account 19,888 (+7,522), +profile 14,998 (+2,632) and
 * +passkeys 22,436, which no longer carry them; testing 33,268. A code entered with a space in
 * it, in our own words: +account 19,928 (+7,562), +profile 15,041, +passkeys 22,479, testing
 * 33,313, all within their budgets.
 *
 * The kit's `preventUserExistenceErrors` (a username nobody has answered as the app client's
 * `PreventUserExistenceErrors` `ENABLED` says: a simulated SRP challenge, simulated code
 * deliveries, choice-based sign-in's simulated challenges) grew testing 33,389 → 34,332 (+943,
 * after the review that made the kit 33,389): its budget rose by that plus 5 % (34,200 →
 * 35,200). No core set changed (the option is the kit's alone).
 *
 * A NEW_PASSWORD_REQUIRED answer's attribute refusals in our own words ("Cannot modify an already
 * provided email" a `challenge`, the app client's write permissions a `provider` error, where they
 * read as a wrong password before): +password 18,466 → 18,545 (+79), everything 21,220 → 21,297
 * (+77), +account 19,928 → 19,989 (its delta 7,562 → 7,623, past its budget); the sign-in error
 * mapping moved to signInErrors.ts (cognitoSignIn.ts would have been over 250 lines). Those three
 * budgets rose by the growth plus 5 % (+password 18,700, everything 21,400, +account's delta
 * 7,700). The kit's checks of those answers: testing 34,332 → 34,529, within its budget.
 * A step answered twice ("session can only be used once") in our own words, and the kit's spent
 * Sessions: +password 18,590, everything 21,343, +account 20,036 (+7,670), +choice-sign-in
 * 19,229, testing 34,689, all within their budgets.
 *
 * 2026-12-05 (eighth session): Cognito's managed-login description (the hosted sign-in's client
 * id, default scopes and redirect URI, its parameter names and `endpoints()` with its error) left
 * `cognito()` for providers/cognito/cognitoHostedSignIn.ts, which only the redirect flows import:
 * restore-and-read 12,366 → 12,211 (−155), and every set without a redirect flow lost the same
 * (+password 18,440). +redirect 14,056 → 14,117 (+61: the lookup that builds it), its delta 1,690
 * → 1,906; everything 21,343 → 21,406 (+63), its delta 8,977 → 9,195. Those three budgets rose by
 * the growth plus 5 % (everything 21,470, +redirect's delta 1,930, everything's 9,230);
 * restore-and-read's fell by the 155 B it lost, 12,550 → 12,400, so the bytes stay out.
 * A refused passkey answer in its own words ("The passkey was not accepted"), kept to the flows
 * that answer passkeys (choiceSignIn.ts hands signInFlow.ts its reader; signInWithPassword only
 * carries the parameter): +password 18,440 → 18,460 (its delta 6,229 → 6,249, 1 B under its
 * budget, which rose by the growth plus 5 % to 6,275), +choice-sign-in 19,078 → 19,158, +passkeys
 * 22,435 → 22,490, everything 21,406 → 21,422. The kit's checks of a pool that requires MFA (no
 * one-time-code first factors, passkeys only as MFA), its `factorConfiguration` and the disabled
 * user's ForgotPassword: testing 34,621 → 35,019, within its budget.
 * Passkey MFA (`setMfaPreference`'s `passkey`, its refusal in our words in totpApi.ts) and the
 * refusal of a passkey sign-in to a user who owes MFA ("Password Challenge is Required to SignIn",
 * read only by choice-based sign-in's start): +mfa 20,296 → 20,433 (its delta 1,836 → 1,973),
 * +choice-sign-in 19,158 → 19,246 (delta 6,947 → 7,035), +passkeys 22,490 → 22,569 (delta
 * 10,279 → 10,358); the kit's passkey MFA (passkeyMfa.ts): testing 35,019 → 35,354. Budgets past
 * or within 0.5 % rose by the growth plus 5 %: +mfa's delta 2,100, +choice-sign-in 19,400 and its
 * delta 7,100, +passkeys' delta 10,500, testing 35,550. +password and restore-and-read unchanged.
 *
 * The hot path's settled promise per session state (session/stateHub.ts `token`): every set on
 * restore-and-read grew 16 to 21 B, restore-and-read 12,211 → 12,232, everything 21,422 → 21,438;
 * every budget still holds, none changed.
 */
import type { ImportSetName } from './importSets.ts';

/**
 * Issue 13's goal for what an app pays to restore a session and read a token. Not met (12,232):
 * the bytes are spread over behaviour every app gets on that path (validation with clear errors,
 * Cognito's error classification, retry and loop guard, storage fallback, persist modes), none
 * over 0.7 kB; bench/README.md ("The goals not met") says where they go. Kept here so the gap
 * stays visible.
 */
export const RESTORE_AND_READ_GOAL_GZIP = 7_500;

export const SIZE_BUDGETS_GZIP: Readonly<Record<ImportSetName, number>> = {
  'restore-and-read': 12_400,
  '+password': 18_700,
  '+redirect': 14_200,
  '+fetch': 13_150,
  '+cross-tab': 13_200,
  everything: 21_470,
  '+react': 13_550,
  '+mfa': 20_850,
  '+amplify-adoption': 13_800,
  '+devices': 13_800,
  '+account': 20_450,
  '+profile': 15_600,
  '+passkeys': 23_650,
  '+choice-sign-in': 19_400,
  '+custom-auth': 18_200,
  '+aws-credentials': 14_100,
  '+devtools': 20_150,
  testing: 35_550,
};

/** Budgets of what each addition costs on top of the set it adds to (gzip delta). */
export const DELTA_BUDGETS_GZIP: Readonly<Partial<Record<ImportSetName, number>>> = {
  '+password': 6_275,
  '+redirect': 1_930,
  '+fetch': 650,
  '+cross-tab': 690,
  everything: 9_230,
  '+devtools': 7_550,
  '+react': 1_000,
  '+mfa': 2_100,
  '+amplify-adoption': 1_250,
  '+devices': 1_300,
  '+account': 7_700,
  '+profile': 2_850,
  '+passkeys': 10_500,
  '+choice-sign-in': 7_100,
  '+custom-auth': 5_850,
  '+aws-credentials': 1_400,
};

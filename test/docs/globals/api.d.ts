/**
 * Names the TSDoc `@example` blocks of the packages (rendered into docs/api/ by `pnpm docs:api`)
 * use without declaring them, on top of snippetGlobals.d.ts. A global script: no imports.
 */

/** A fake user pool of `@sessionkit/core/testing`, created in the test's setup. */
declare const pool: import('@sessionkit/core/testing').FakeUserPool;
/** The fake pool's settings, created in the test's setup. */
declare const config: { region: string; userPoolId: string; clientId: string };
/** The password the user typed. */
declare const password: string;
/** The app's own way to show its sign-in form. */
declare function showSignIn(): void;
/** The app's root component. */
declare function App(): import('react').ReactNode;
/** One of the app's own components. */
declare function Dashboard(): import('react').ReactNode;
/** One of the app's own components. */
declare function Spinner(): import('react').ReactNode;
/** One of the app's own components. */
declare function ThemeProvider(props: {
  children?: import('react').ReactNode;
}): import('react').ReactNode;
/** The new password the user typed (password reset and change). */
declare const newPassword: string;
/** The current password the user typed (password change). */
declare const currentPassword: string;
/** The app's own way to show a message. */
declare function showMessage(message: string): void;
/** The app's own way to show its sign-in form. */
declare function showSignInForm(): void;
/** The app's own way to show its password-reset form. */
declare function showResetPasswordForm(username: string): void;
/** The app's own way to show itself to a signed-in user. */
declare function showApp(user: import('@sessionkit/core').IdTokenClaims): void;

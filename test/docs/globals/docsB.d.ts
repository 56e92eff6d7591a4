/**
 * Names the code blocks of docs/sign-in.md, docs/react.md, docs/testing.md and
 * docs/migrating-from-amplify.md use without declaring them (see ../snippetGlobals.d.ts).
 * Functions only: two global files may declare the same function (overloads), not the same const.
 */

/** The app's own prompt for a new password (`NEW_PASSWORD_REQUIRED`). */
declare function askForNewPassword(): Promise<string>;
/** The app's own yes-or-no question to the user, e.g. "Remember this browser?". */
declare function askUser(question: string): Promise<boolean>;

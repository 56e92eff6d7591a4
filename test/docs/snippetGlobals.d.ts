/**
 * Names every documentation code block may use without declaring them (`codeBlocks.test.ts`
 * adds this file, and every `globals/*.d.ts`, to the program that checks the blocks). A block
 * that declares one of these names itself shadows it: each block is a module.
 */

/** A session created elsewhere in the app, as in the quick start. */
declare const session: import('@sessionkit/core').Session;
/** The app's own prompt for a one-time code (MFA, e-mail or SMS). */
declare function askForCode(): Promise<string>;
/** The app's own way to show an `otpauth://` URI as a QR code. */
declare function showQrCode(uri: string): void;
/** The app's own way to show an error message. */
declare function showError(message: string): void;

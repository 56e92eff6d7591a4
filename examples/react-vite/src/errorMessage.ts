/** The text to show for a flow's error: a `SessionError`'s message is written for users. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first error of several flows (`useFlow(...).error`), as text; `null` when none failed. */
export function firstErrorOf(...errors: unknown[]): string | null {
  const error = errors.find((candidate) => candidate !== undefined && candidate !== null);
  return error === undefined ? null : messageOf(error);
}

/**
 * The panel's styles, scoped to its shadow root: nothing reaches the app's page and the app's
 * styles do not reach the panel (`all: initial` on the host). Colours meet WCAG AA contrast on
 * the dark background. Adopted as a constructed style sheet where the browser can (a page whose
 * Content-Security-Policy forbids inline styles still styles the panel), else a `<style>`.
 */
export const CSS = `
:host { all: initial; position: fixed; z-index: 2147483000; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #f3f4f6; }
:host { display: flex; flex-direction: column; align-items: flex-end; }
:host([data-position="bottom-right"]) { right: 12px; bottom: 12px; }
:host([data-position="bottom-left"]) { left: 12px; bottom: 12px; align-items: flex-start; }
:host([data-position="top-right"]) { right: 12px; top: 12px; flex-direction: column-reverse; }
:host([data-position="top-left"]) { left: 12px; top: 12px; flex-direction: column-reverse; align-items: flex-start; }
* { box-sizing: border-box; }
button, input { font: inherit; }
button { background: #1f2937; color: #f9fafb; border: 1px solid #6b7280; border-radius: 4px; padding: 3px 9px; cursor: pointer; }
button:hover { background: #374151; }
button:disabled { color: #9ca3af; cursor: not-allowed; }
button[aria-pressed="true"] { background: #1e3a8a; border-color: #93c5fd; }
:focus-visible { outline: 2px solid #fbbf24; outline-offset: 2px; }
.toggle { background: #111827; color: #f9fafb; border: 2px solid #60a5fa; border-radius: 999px; padding: 6px 12px; font-weight: 600; box-shadow: 0 2px 8px rgb(0 0 0 / 0.4); }
.panel { width: min(660px, calc(100vw - 24px)); max-height: min(80vh, 760px); overflow: auto; background: #111827; border: 1px solid #4b5563; border-radius: 8px; padding: 10px 12px; box-shadow: 0 6px 24px rgb(0 0 0 / 0.5); margin: 8px 0; }
.panel[hidden] { display: none; }
header { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
h2 { font-size: 15px; margin: 0; color: #f9fafb; }
h3 { font-size: 13px; margin: 12px 0 4px; color: #e5e7eb; text-transform: uppercase; letter-spacing: 0.04em; }
.spacer { flex: 1; }
.status { margin: 6px 0 0; color: #e5e7eb; }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; background: #374151; color: #f9fafb; font-weight: 600; }
.badge[data-status="signedIn"] { background: #14532d; color: #dcfce7; }
.badge[data-status="signedOut"] { background: #7f1d1d; color: #fee2e2; }
.muted { color: #d1d5db; }
svg { display: block; width: 100%; height: auto; background: #0b1220; border-radius: 4px; }
svg .axis { stroke: #6b7280; }
svg .tick { fill: #d1d5db; font-size: 10px; }
svg .now { stroke: #fbbf24; stroke-width: 1.5; }
svg .bar { fill: #1d4ed8; stroke: #93c5fd; }
svg .bar[data-source="otherTab"] { fill: #6d28d9; stroke: #c4b5fd; }
svg .bar[data-source="signIn"] { fill: #047857; stroke: #6ee7b7; }
svg .due { stroke: #fbbf24; stroke-width: 2; }
svg .span[data-outcome="ok"] { fill: #4ade80; }
svg .span[data-outcome="failed"] { fill: #f87171; }
svg .span[data-outcome="pending"] { fill: #fbbf24; }
svg .span[data-outcome="adopted"] { fill: #c4b5fd; }
svg .mark { stroke: #e5e7eb; stroke-dasharray: 2 2; }
svg .dot { fill: #e5e7eb; }
svg .dot[data-kind="otherTab"] { fill: #c4b5fd; }
svg .dot[data-kind="refreshFailed"], svg .dot[data-kind="signedOut"] { fill: #f87171; }
svg .dot[data-kind="retry"], svg .dot[data-kind="offline"], svg .dot[data-kind="expiredLocally"] { fill: #fbbf24; }
.legend { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0; color: #d1d5db; font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; vertical-align: -1px; }
ol { margin: 4px 0; padding-left: 0; list-style: none; max-height: 160px; overflow: auto; }
li { padding: 1px 0; border-bottom: 1px solid #1f2937; }
time { color: #d1d5db; font-variant-numeric: tabular-nums; margin-right: 6px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
input[type="number"] { width: 4em; background: #0b1220; color: #f9fafb; border: 1px solid #9ca3af; border-radius: 4px; padding: 2px 4px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
caption { text-align: left; color: #e5e7eb; font-weight: 600; padding: 4px 0; }
th { text-align: left; font-weight: 600; color: #bfdbfe; padding: 1px 8px 1px 0; vertical-align: top; white-space: nowrap; }
td { color: #f3f4f6; word-break: break-all; padding: 1px 0; }
fieldset { border: 1px solid #374151; border-radius: 4px; margin: 4px 0; padding: 2px 8px 6px; display: flex; flex-wrap: wrap; gap: 4px 12px; }
legend { color: #e5e7eb; padding: 0 4px; }
label { color: #f3f4f6; }
`;

/** Applies {@link CSS} to `root`. */
export function applyStyles(root: ShadowRoot): void {
  const Sheet = globalThis.CSSStyleSheet as typeof CSSStyleSheet | undefined;
  if (Sheet && 'adoptedStyleSheets' in root && typeof Sheet.prototype.replaceSync === 'function') {
    const sheet = new Sheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  root.append(style);
}

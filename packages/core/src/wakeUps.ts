/** Why the page may have just woken up. */
export type WakeReason = 'visible' | 'focus' | 'online' | 'pageshow';

/**
 * Calls `onWake` when a background tab comes back, the window regains focus, the network returns
 * or a page is restored from the back/forward cache: moments when throttled or frozen timers may
 * have missed a refresh. Returns the function that stops listening. A no-op outside a browser.
 */
export function watchWakeUps(onWake: (reason: WakeReason) => void): () => void {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') {
    return () => {};
  }
  const onVisibility = () => {
    if (document.visibilityState === 'visible') onWake('visible');
  };
  const onFocus = () => onWake('focus');
  const onOnline = () => onWake('online');
  const onPageShow = () => onWake('pageshow');
  const hasDocument = typeof document !== 'undefined';
  if (hasDocument) document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('focus', onFocus);
  window.addEventListener('online', onOnline);
  window.addEventListener('pageshow', onPageShow);
  return () => {
    if (hasDocument) document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('focus', onFocus);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('pageshow', onPageShow);
  };
}

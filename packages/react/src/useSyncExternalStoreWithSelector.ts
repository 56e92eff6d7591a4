'use client';

import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';

/**
 * `useSyncExternalStore` that re-renders only when `selector(snapshot)` changes according to
 * `isEqual`. The same contract as `use-sync-external-store/with-selector`, without the
 * dependency: React 18 and 19 both ship `useSyncExternalStore`, so no shim is needed.
 */
export function useSyncExternalStoreWithSelector<Snapshot, Selection>(
  subscribe: (onStoreChange: () => void) => () => void,
  getSnapshot: () => Snapshot,
  getServerSnapshot: () => Snapshot,
  selector: (snapshot: Snapshot) => Selection,
  isEqual: (a: Selection, b: Selection) => boolean,
): Selection {
  // The selection last committed: a new selector (an inline arrow, each render) that selects an
  // equal value hands back this one, so the result stays stable across renders.
  const committed = useRef<{ value: Selection } | null>(null);

  const [getSelection, getServerSelection] = useMemo(() => {
    let memo: { snapshot: Snapshot; selection: Selection } | null = null;
    const select = (snapshot: Snapshot): Selection => {
      if (memo !== null && Object.is(memo.snapshot, snapshot)) return memo.selection;
      const next = selector(snapshot);
      const previous = memo === null ? committed.current : { value: memo.selection };
      // React compares the results with Object.is: returning the previous selection when it
      // is equal is what skips the render.
      const selection = previous !== null && isEqual(previous.value, next) ? previous.value : next;
      memo = { snapshot, selection };
      return selection;
    };
    return [() => select(getSnapshot()), () => select(getServerSnapshot())];
  }, [getSnapshot, getServerSnapshot, selector, isEqual]);

  const selection = useSyncExternalStore(subscribe, getSelection, getServerSelection);
  useEffect(() => {
    committed.current = { value: selection };
  }, [selection]);
  return selection;
}

/** What memory/peerCycles.ts reports to figures/memory.ts: one `@@memory <json>` line on stdout. */

export const MEMORY_MARKER = '@@memory ';

/** One peer's run of refresh cycles. */
export interface PeerMemoryResult {
  sdk: string;
  ok: boolean;
  /** Cycles completed (the heap was read after `small` and after the last). */
  cycles: number;
  small: number;
  /** `heapUsed` after a full GC, after `small` cycles and after the last. */
  heapSmall?: number;
  heapLarge?: number;
  /** Token-endpoint requests during the cycles, and their paths. */
  requests: number;
  /** Requests the peer sent on its own between being seeded and the first cycle. */
  setupRequests: number;
  paths: string[];
  seconds: number;
  /** Why the run stopped early (first line). */
  error?: string;
}

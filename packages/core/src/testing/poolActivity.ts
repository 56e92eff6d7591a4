/** `pool.settled()`: counts the requests the handlers are answering and waits for quiet. */
import type { HttpHandler } from 'msw';

/** One macrotask turn that fake timers do not control (MessageChannel is never faked). */
function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Turns of the event loop with nothing in flight before `settled()` calls the pool idle. */
const IDLE_TURNS = 30;

/** Counts the requests the handlers are answering, for `pool.settled()`. */
export function trackActivity(handlers: HttpHandler[]) {
  let answering = 0;
  for (const handler of handlers) {
    const run = handler.run.bind(handler);
    handler.run = async (args) => {
      answering++;
      try {
        return await run(args);
      } finally {
        answering--;
      }
    };
  }
  return {
    handlers,
    async settled() {
      for (let idle = 0; idle < IDLE_TURNS; ) {
        await macrotask();
        idle = answering > 0 ? 0 : idle + 1;
      }
    },
  };
}

/** Runs `work` now and then `intervalMs` after each run ends, never two at once, until `stop()`. */
export interface Every {
  /** Resolves once a run in progress has ended; none starts afterwards. */
  stop(): Promise<void>;
}

export function every(intervalMs: number, work: () => Promise<void>, onError: (error: Error) => void): Every {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const next = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = work()
        .catch(onError)
        .finally(() => {
          running = undefined;
          next(intervalMs);
        });
    }, delayMs);
    timer.unref();
  };
  next(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

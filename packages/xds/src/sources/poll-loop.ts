/**
 * Runs `tick` every `intervalMs` after the previous tick finished (never two at once, never a
 * burst after a slow call), on an `unref`'d timer so polling never keeps a process alive.
 * `stop()` resolves once a running tick has finished.
 */
export function startPollLoop(intervalMs: number, tick: () => Promise<void>): { stop(): Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch(() => undefined)
        .finally(() => {
          running = undefined;
          arm();
        });
    }, intervalMs);
    timer.unref?.();
  };
  arm();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

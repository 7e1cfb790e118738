/**
 * Resolves on the first SIGINT or SIGTERM: how the long-running commands (`local`, `xds serve`)
 * wait to stop.
 */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

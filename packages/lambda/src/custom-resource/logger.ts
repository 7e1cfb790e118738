/** Where the custom-resource handler writes its log lines. */
export interface CustomResourceLogger {
  log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
}

/**
 * The default logger: one JSON object per line on stdout/stderr, which CloudWatch Logs indexes.
 *
 * @example
 * ```ts
 * import { jsonLogger } from '@meshplane/lambda/custom-resource';
 * jsonLogger.log('info', 'hello', { stack: 'demo' });
 * ```
 */
export const jsonLogger: CustomResourceLogger = {
  log(level, message, fields) {
    const line = JSON.stringify({ level, message, ...fields });
    if (level === 'error') console.error(line);
    else console.log(line);
  },
};

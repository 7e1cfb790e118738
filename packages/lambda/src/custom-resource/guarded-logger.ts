import type { CustomResourceLogger } from './logger.js';
import { thrownText } from './thrown-text.js';

/**
 * Wraps the handler's logger so that logging can never stop an answer: fields are encoded once
 * here (a value JSON cannot hold, or nested too deep, is replaced by a note), passed through
 * `scrub` (the text filter that hides secrets: credentials in URLs, NoEcho values), and a logger
 * that throws is ignored after a last try without fields.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * import { jsonLogger } from '@meshplane/lambda/custom-resource';
 * const log = guardedLogger(jsonLogger, (text) => text.replaceAll('s3cr3t', '<hidden>'));
 * log.log('info', 'connected to s3cr3t', { url: 'https://u:s3cr3t@host/' }); // both hidden
 * ```
 */
export function guardedLogger(
  logger: CustomResourceLogger,
  scrub: (text: string) => string = (text) => text,
): CustomResourceLogger {
  return {
    log(level, message, fields) {
      let clean: Record<string, unknown> | undefined;
      if (fields !== undefined) {
        try {
          clean = JSON.parse(scrub(JSON.stringify(fields))) as Record<string, unknown>;
        } catch (error) {
          clean = { note: `the log fields could not be encoded: ${scrub(thrownText(error))}` };
        }
      }
      try {
        logger.log(level, scrub(message), clean);
      } catch {
        try {
          logger.log(level, scrub(message));
        } catch {
          // The logger itself is broken: the answer to CloudFormation matters more than the line.
        }
      }
    },
  };
}

import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Tokens never reach a log line: request URLs are not logged, and
 * anything named token, writer (a browser secret) or authorization is redacted in case it is passed by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'retrace' },
    redact: {
      paths: ['token', '*.token', 'authorization', '*.authorization', 'tokens', 'writer', '*.writer'],
      censor: '[redacted]',
    },
  });
}

// Ready-made logging configurations for the driver's `logging` option.

// Each level has a console method of the same name.
const LEVELS = ['error', 'warn', 'info', 'debug'];

/**
 * Logging configurations (`neo4j.logging`).
 */
export const logging = {
  /**
   * Logs to the console: each message as `<epoch milliseconds> <LEVEL> <message>`, through the
   * console method of its level (`console.error`, `console.warn`, `console.info`,
   * `console.debug`), so that browsers and log collectors can tell levels apart.
   * @param {'error'|'warn'|'info'|'debug'} [level] the least important level logged (the
   *   driver's default, `info`, when not given)
   * @param {boolean} [unredactDebugLogs] log query parameters and records in debug messages
   * @returns {{level: string, logger: function(string, string): void, unredactDebugLogs: boolean}}
   */
  console(level, unredactDebugLogs) {
    return {
      level,
      logger(messageLevel, message) {
        const method = LEVELS.includes(messageLevel) ? messageLevel : 'log';
        console[method](`${Date.now()} ${messageLevel.toUpperCase()} ${message}`);
      },
      unredactDebugLogs
    };
  }
};

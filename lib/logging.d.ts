// Types of lib/logging.js: the driver's `logging` option and ready-made configurations.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LoggerFunction = (level: LogLevel, message: string) => unknown;

/** The driver's `logging` option. */
export interface LoggingConfig {
  level?: LogLevel;
  logger: LoggerFunction;
  unredactDebugLogs?: boolean;
}

/** Ready-made logging configurations (`neo4j.logging`). */
export declare const logging: {
  console: (level?: LogLevel, unredactDebugLogs?: boolean) => {
    level: LogLevel;
    logger: (level: LogLevel, message: string) => void;
    unredactDebugLogs: boolean;
  };
};

// The names of notification severities and classifications, for reading notifications in a
// summary and for configuring which ones the server sends (`notificationFilter`).

/** Severities of a notification or GQL status object; `UNKNOWN` for values not listed here. */
export const notificationSeverityLevel = Object.freeze({
  WARNING: 'WARNING',
  INFORMATION: 'INFORMATION',
  UNKNOWN: 'UNKNOWN'
});

/**
 * Categories of a notification; `UNKNOWN` for values not listed here.
 * @deprecated use {@link notificationClassification}
 */
export const notificationCategory = Object.freeze({
  HINT: 'HINT',
  UNRECOGNIZED: 'UNRECOGNIZED',
  UNSUPPORTED: 'UNSUPPORTED',
  PERFORMANCE: 'PERFORMANCE',
  DEPRECATION: 'DEPRECATION',
  TOPOLOGY: 'TOPOLOGY',
  SECURITY: 'SECURITY',
  GENERIC: 'GENERIC',
  SCHEMA: 'SCHEMA',
  UNKNOWN: 'UNKNOWN'
});

/** Classifications of a GQL status object (the same values as the categories). */
export const notificationClassification = notificationCategory;

/** The least severe notifications a filter lets through; `OFF` lets none through. */
export const notificationFilterMinimumSeverityLevel = Object.freeze({
  OFF: 'OFF',
  WARNING: 'WARNING',
  INFORMATION: 'INFORMATION'
});

/**
 * Categories a filter can turn off.
 * @deprecated use {@link notificationFilterDisabledClassification}
 */
export const notificationFilterDisabledCategory = Object.freeze({
  HINT: 'HINT',
  UNRECOGNIZED: 'UNRECOGNIZED',
  UNSUPPORTED: 'UNSUPPORTED',
  PERFORMANCE: 'PERFORMANCE',
  TOPOLOGY: 'TOPOLOGY',
  SECURITY: 'SECURITY',
  DEPRECATION: 'DEPRECATION',
  GENERIC: 'GENERIC',
  SCHEMA: 'SCHEMA'
});

/** Classifications a filter can turn off (the same values as the categories). */
export const notificationFilterDisabledClassification = notificationFilterDisabledCategory;

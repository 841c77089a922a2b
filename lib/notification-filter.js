// The names of notification severities and classifications, for reading notifications in a
// summary and for configuring which ones the server sends (`notificationFilter`).

/** A frozen object whose keys are `keys`, each with its own name as its value. */
function names(...keys) {
  return Object.freeze(Object.fromEntries(keys.map((key) => [key, key])));
}

/** Severities of a notification or GQL status object; `UNKNOWN` for values not listed here. */
export const notificationSeverityLevel = names('WARNING', 'INFORMATION', 'UNKNOWN');

/**
 * Categories of a notification; `UNKNOWN` for values not listed here.
 * @deprecated use {@link notificationClassification}
 */
export const notificationCategory = names(
  'HINT', 'UNRECOGNIZED', 'UNSUPPORTED', 'PERFORMANCE', 'DEPRECATION', 'TOPOLOGY', 'SECURITY', 'GENERIC', 'SCHEMA', 'UNKNOWN',
);

/** Classifications of a GQL status object (the same values as the categories). */
export const notificationClassification = notificationCategory;

/** The least severe notifications a filter lets through; `OFF` lets none through. */
export const notificationFilterMinimumSeverityLevel = names('OFF', 'WARNING', 'INFORMATION');

/**
 * Categories a filter can turn off.
 * @deprecated use {@link notificationFilterDisabledClassification}
 */
export const notificationFilterDisabledCategory = names(
  'HINT', 'UNRECOGNIZED', 'UNSUPPORTED', 'PERFORMANCE', 'TOPOLOGY', 'SECURITY', 'DEPRECATION', 'GENERIC', 'SCHEMA',
);

/** Classifications a filter can turn off (the same values as the categories). */
export const notificationFilterDisabledClassification = notificationFilterDisabledCategory;

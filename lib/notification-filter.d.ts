// Types of lib/notification-filter.js: the names of notification severities and
// classifications, and the filters of which notifications the server sends.

export type NotificationSeverityLevel = 'WARNING' | 'INFORMATION' | 'UNKNOWN';
export type NotificationCategory = 'HINT' | 'UNRECOGNIZED' | 'UNSUPPORTED' | 'PERFORMANCE' |
  'TOPOLOGY' | 'SECURITY' | 'DEPRECATION' | 'GENERIC' | 'SCHEMA' | 'UNKNOWN';
export type NotificationClassification = NotificationCategory;
export type NotificationFilterMinimumSeverityLevel = 'WARNING' | 'INFORMATION' | 'OFF';
export type NotificationFilterDisabledCategory = Exclude<NotificationCategory, 'UNKNOWN'>;
export type NotificationFilterDisabledClassification = NotificationFilterDisabledCategory;

type EnumRecord<T extends string> = { readonly [K in T]: K };

export declare const notificationSeverityLevel: EnumRecord<NotificationSeverityLevel>;
/** @deprecated use {@link notificationClassification} */
export declare const notificationCategory: EnumRecord<NotificationCategory>;
export declare const notificationClassification: EnumRecord<NotificationClassification>;
export declare const notificationFilterMinimumSeverityLevel:
  EnumRecord<NotificationFilterMinimumSeverityLevel>;
/** @deprecated use {@link notificationFilterDisabledClassification} */
export declare const notificationFilterDisabledCategory:
  EnumRecord<NotificationFilterDisabledCategory>;
export declare const notificationFilterDisabledClassification:
  EnumRecord<NotificationFilterDisabledClassification>;

/** Which notifications the server sends (driver, session and `executeQuery` settings). */
export interface NotificationFilter {
  minimumSeverityLevel?: NotificationFilterMinimumSeverityLevel;
  /** @deprecated use `disabledClassifications` */
  disabledCategories?: NotificationFilterDisabledCategory[];
  disabledClassifications?: NotificationFilterDisabledClassification[];
}

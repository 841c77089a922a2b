// Types of lib/result-summary.js: what the server says about a query once its records are all
// read, as neo4j-driver declares it.

import type { Integer, NumberOrInteger } from './integer.js';
import type { DiagnosticRecord } from './error.js';
import type { NotificationCategory, NotificationClassification, NotificationSeverityLevel } from './notification-filter.js';
import type { ProtocolVersion } from './protocol-version.js';

/** Where in a query a notification points. */
export interface NotificationPosition {
  offset?: number;
  line?: number;
  column?: number;
}

/** The summary of a query, once its records are all read. */
export declare class ResultSummary<T extends NumberOrInteger = Integer> {
  query: { text: string; parameters: { [key: string]: any } };
  queryType: string;
  counters: QueryStatistics;
  plan: Plan | false;
  /** @deprecated use `queryProfile` */
  profile: ProfiledPlan | false;
  queryProfile: QueryProfile | false;
  /** @deprecated use `gqlStatusObjects` */
  notifications: Notification[];
  gqlStatusObjects: [GqlStatusObject, ...GqlStatusObject[]];
  server: ServerInfo;
  resultConsumedAfter: T;
  resultAvailableAfter: T;
  database: { name: string | undefined | null };
  constructor(query: string, parameters: { [key: string]: any }, metadata: any,
    protocolVersion?: ProtocolVersion);
  hasPlan(): boolean;
  hasProfile(): boolean;
}

/** The plan of a query, as `EXPLAIN` shows it. */
export declare class Plan {
  operatorType: string;
  identifiers: string[];
  arguments: { [key: string]: string };
  children: Plan[];
  constructor(plan: any);
}

/** @deprecated use {@link QueryProfile} */
export declare class ProfiledPlan {
  operatorType: string;
  identifiers: string[];
  arguments: { [key: string]: string };
  dbHits: number;
  rows: number;
  pageCacheMisses: number;
  pageCacheHits: number;
  pageCacheHitRatio: number;
  time: number;
  children: ProfiledPlan[];
  constructor(profile: any);
  hasPageCacheStats(): boolean;
}

/** The profile of a query, as `PROFILE` shows it; missing counters are `null`. */
export declare class QueryProfile {
  operatorType: string;
  identifiers: string[];
  arguments: { [key: string]: string };
  dbHits: number | null;
  rows: number | null;
  pageCacheMisses: number | null;
  pageCacheHits: number | null;
  pageCacheHitRatio: number | null;
  time: number | null;
  children: QueryProfile[];
  constructor(profile: any);
}

/** The counters of {@link QueryStatistics#updates}. */
export interface Stats {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
  labelsAdded: number;
  labelsRemoved: number;
  indexesAdded: number;
  indexesRemoved: number;
  constraintsAdded: number;
  constraintsRemoved: number;
  [key: string]: number;
}

/** The changes a query made, counted. */
export declare class QueryStatistics {
  private _stats;
  private _systemUpdates;
  private _containsSystemUpdates?;
  private _containsUpdates?;
  constructor(statistics: any);
  containsUpdates(): boolean;
  updates(): Stats;
  containsSystemUpdates(): boolean;
  systemUpdates(): number;
}

/** The server a result came from. */
export declare class ServerInfo {
  address?: string;
  protocolVersion?: ProtocolVersion;
  agent?: string;
  constructor(serverMeta?: any, protocolVersion?: ProtocolVersion);
}

/** @deprecated use {@link GqlStatusObject} */
export declare class Notification {
  code: string;
  title: string;
  description: string;
  position: NotificationPosition | {};
  severityLevel: NotificationSeverityLevel;
  category: NotificationCategory;
  rawSeverityLevel: string;
  rawCategory?: string;
  constructor(notification: any);
}

/** A GQL status of a query: its outcome, or a notification. */
export declare class GqlStatusObject {
  readonly gqlStatus: string;
  readonly statusDescription: string;
  readonly diagnosticRecord: DiagnosticRecord;
  readonly position?: NotificationPosition;
  readonly severity: NotificationSeverityLevel;
  readonly rawSeverity?: string;
  readonly classification: NotificationClassification;
  readonly rawClassification?: string;
  readonly isNotification: boolean;
  constructor(rawGqlStatusObject: any);
  get diagnosticRecordAsJsonString(): string;
}

/** The values of {@link ResultSummary#queryType}. */
export declare const queryType: {
  READ_ONLY: string;
  READ_WRITE: string;
  WRITE_ONLY: string;
  SCHEMA_WRITE: string;
};

/** Internal: a server's statuses with the standard fields in every diagnostic record. */
export declare function withDefaultDiagnosticRecords(statuses: object[] | undefined): object[] | undefined;

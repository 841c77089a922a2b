// Types of the public API, shaped like neo4j-driver 6.x.

import type * as values from './types.js';
import type * as api from './api.js';
import type * as drivers from './driver.js';

export * from './types.js';
export * from './api.js';
export * from './driver.js';

/** A Bolt protocol version: `major.minor`. */
export declare class ProtocolVersion {
  constructor(major: number, minor: number);
  getMajor(): number;
  getMinor(): number;
  isLessThan(other: ProtocolVersion): boolean;
  isGreaterThan(other: ProtocolVersion): boolean;
  isGreaterOrEqualTo(other: ProtocolVersion): boolean;
  isLessOrEqualTo(other: ProtocolVersion): boolean;
  isEqualTo(other: ProtocolVersion): boolean;
  toString(): string;
}

/** A value of a type the negotiated protocol version cannot carry (Bolt 6.0+). */
export declare class UnsupportedType {
  constructor(name: string, minimumProtocolMajor: number, minimumProtocolMinor: number, message?: string);
  readonly name: string;
  readonly minimumProtocolVersion: string;
  readonly message: string | undefined;
  toString(): string;
}
export declare function isUnsupportedType(value: unknown): value is UnsupportedType;

/** `neo4j.integer`. */
export declare const integer: {
  toNumber: typeof values.toNumber;
  toString: typeof values.toString;
  inSafeRange: typeof values.inSafeRange;
};
/** `neo4j.graph`. */
export declare const graph: {
  isNode: typeof values.isNode;
  isPath: typeof values.isPath;
  isPathSegment: typeof values.isPathSegment;
  isRelationship: typeof values.isRelationship;
  isUnboundRelationship: typeof values.isUnboundRelationship;
};
/** `neo4j.spatial`. */
export declare const spatial: { isPoint: typeof values.isPoint };
/** `neo4j.temporal`. */
export declare const temporal: {
  isDuration: typeof values.isDuration;
  isLocalTime: typeof values.isLocalTime;
  isTime: typeof values.isTime;
  isDate: typeof values.isDate;
  isLocalDateTime: typeof values.isLocalDateTime;
  isDateTime: typeof values.isDateTime;
};
/** `neo4j.types`: the value and result classes. */
export declare const types: {
  Node: typeof values.Node;
  Relationship: typeof values.Relationship;
  UnboundRelationship: typeof values.UnboundRelationship;
  PathSegment: typeof values.PathSegment;
  Path: typeof values.Path;
  Result: typeof drivers.Result;
  EagerResult: typeof api.EagerResult;
  ResultSummary: typeof api.ResultSummary;
  Record: typeof api.Record;
  Point: typeof values.Point;
  Date: typeof values.Date;
  DateTime: typeof values.DateTime;
  Duration: typeof values.Duration;
  LocalDateTime: typeof values.LocalDateTime;
  LocalTime: typeof values.LocalTime;
  Time: typeof values.Time;
  Integer: typeof values.Integer;
  Vector: typeof values.Vector;
  ProtocolVersion: typeof ProtocolVersion;
};

/** Everything, as one object (the default export). */
declare const neo4j: {
  driver: typeof drivers.driver;
  auth: typeof api.auth;
  authTokenManagers: typeof api.authTokenManagers;
  bookmarkManager: typeof api.bookmarkManager;
  logging: typeof api.logging;
  types: typeof types;
  session: typeof drivers.session;
  routing: typeof drivers.routing;
  error: typeof api.error;
  integer: typeof integer;
  graph: typeof graph;
  spatial: typeof spatial;
  temporal: typeof temporal;
  resultTransformers: typeof api.resultTransformers;
  int: typeof values.int;
  isInt: typeof values.isInt;
  isPoint: typeof values.isPoint;
  isDuration: typeof values.isDuration;
  isLocalTime: typeof values.isLocalTime;
  isTime: typeof values.isTime;
  isDate: typeof values.isDate;
  isLocalDateTime: typeof values.isLocalDateTime;
  isDateTime: typeof values.isDateTime;
  isNode: typeof values.isNode;
  isPath: typeof values.isPath;
  isPathSegment: typeof values.isPathSegment;
  isRelationship: typeof values.isRelationship;
  isUnboundRelationship: typeof values.isUnboundRelationship;
  isUnsupportedType: typeof isUnsupportedType;
  isVector: typeof values.isVector;
  vector: typeof values.vector;
  isRetriableError: typeof api.isRetriableError;
  isRetryableError: typeof api.isRetryableError;
  notificationCategory: typeof api.notificationCategory;
  notificationClassification: typeof api.notificationClassification;
  notificationSeverityLevel: typeof api.notificationSeverityLevel;
  notificationFilterDisabledCategory: typeof api.notificationFilterDisabledCategory;
  notificationFilterDisabledClassification: typeof api.notificationFilterDisabledClassification;
  notificationFilterMinimumSeverityLevel: typeof api.notificationFilterMinimumSeverityLevel;
  Neo4jError: typeof api.Neo4jError;
  Driver: typeof drivers.Driver;
  Session: typeof drivers.Session;
  Transaction: typeof drivers.Transaction;
  ManagedTransaction: typeof drivers.ManagedTransaction;
  Result: typeof drivers.Result;
  EagerResult: typeof api.EagerResult;
  ResultSummary: typeof api.ResultSummary;
  Plan: typeof api.Plan;
  ProfiledPlan: typeof api.ProfiledPlan;
  QueryStatistics: typeof api.QueryStatistics;
  Notification: typeof api.Notification;
  GqlStatusObject: typeof api.GqlStatusObject;
  ServerInfo: typeof api.ServerInfo;
  Record: typeof api.Record;
  Node: typeof values.Node;
  Relationship: typeof values.Relationship;
  UnboundRelationship: typeof values.UnboundRelationship;
  Path: typeof values.Path;
  PathSegment: typeof values.PathSegment;
  Point: typeof values.Point;
  Integer: typeof values.Integer;
  Duration: typeof values.Duration;
  LocalTime: typeof values.LocalTime;
  Time: typeof values.Time;
  Date: typeof values.Date;
  LocalDateTime: typeof values.LocalDateTime;
  DateTime: typeof values.DateTime;
  Vector: typeof values.Vector;
  UnsupportedType: typeof UnsupportedType;
  ProtocolVersion: typeof ProtocolVersion;
};
export default neo4j;

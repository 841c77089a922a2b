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
  readonly major: number;
  readonly minor: number;
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
  hasReachableServer: typeof drivers.hasReachableServer;
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
  isUUID: typeof values.isUUID;
  uuid: typeof values.uuid;
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
  UUID: typeof values.UUID;
  UnsupportedType: typeof UnsupportedType;
  ProtocolVersion: typeof ProtocolVersion;
};

/** Types reachable through the default import too (`let driver: neo4j.Driver`). */
declare namespace neo4j {
  type Integer = values.Integer;
  type Node<T extends values.NumberOrInteger = values.Integer, P extends values.Properties = values.Properties, Label extends string = string> = values.Node<T, P, Label>;
  type Relationship<T extends values.NumberOrInteger = values.Integer, P extends values.Properties = values.Properties, Type extends string = string> = values.Relationship<T, P, Type>;
  type UnboundRelationship<T extends values.NumberOrInteger = values.Integer, P extends values.Properties = values.Properties, Type extends string = string> = values.UnboundRelationship<T, P, Type>;
  type Path<T extends values.NumberOrInteger = values.Integer> = values.Path<T>;
  type PathSegment<T extends values.NumberOrInteger = values.Integer> = values.PathSegment<T>;
  type Point<T extends values.NumberOrInteger = values.Integer> = values.Point<T>;
  type Date<T extends values.NumberOrInteger = values.Integer> = values.Date<T>;
  type Time<T extends values.NumberOrInteger = values.Integer> = values.Time<T>;
  type LocalTime<T extends values.NumberOrInteger = values.Integer> = values.LocalTime<T>;
  type DateTime<T extends values.NumberOrInteger = values.Integer> = values.DateTime<T>;
  type LocalDateTime<T extends values.NumberOrInteger = values.Integer> = values.LocalDateTime<T>;
  type Duration<T extends values.NumberOrInteger = values.Integer> = values.Duration<T>;
  type Vector<K extends values.Vector['_typedArray'] = values.Vector['_typedArray']> = values.Vector<K>;
  type UUID = values.UUID;
  type NumberOrInteger = values.NumberOrInteger;
  type Integerable = values.Integerable;
  type Properties = values.Properties;
  type Record<R extends api.RecordShape = api.RecordShape> = api.Record<R>;
  type RecordShape = api.RecordShape;
  type ResultSummary<T extends values.NumberOrInteger = values.Integer> = api.ResultSummary<T>;
  type Plan = api.Plan;
  type ProfiledPlan = api.ProfiledPlan;
  type QueryStatistics = api.QueryStatistics;
  type Notification = api.Notification;
  type GqlStatusObject = api.GqlStatusObject;
  type ServerInfo = api.ServerInfo;
  type EagerResult<R extends api.RecordShape = api.RecordShape> = api.EagerResult<R>;
  type Neo4jError = api.Neo4jError;
  type AuthToken = api.AuthToken;
  type AuthTokenManager = api.AuthTokenManager;
  type BookmarkManager = api.BookmarkManager;
  type LoggingConfig = api.LoggingConfig;
  type Driver = drivers.Driver;
  type Session = drivers.Session;
  type Transaction = drivers.Transaction;
  type ManagedTransaction = drivers.ManagedTransaction;
  type Result<R extends api.RecordShape = api.RecordShape> = drivers.Result<R>;
  type QueryResult = drivers.QueryResult;
  type ResultObserver = drivers.ResultObserver;
  type Config = drivers.Config;
  type SessionConfig = drivers.SessionConfig;
  type TransactionConfig = drivers.TransactionConfig;
  type QueryConfig = drivers.QueryConfig;
  type SessionMode = drivers.SessionMode;
  type RoutingControl = drivers.RoutingControl;
  type ProtocolVersion = import('./index.js').ProtocolVersion;
  type UnsupportedType = import('./index.js').UnsupportedType;
}

export default neo4j;

// Types of the package's entry, shaped like neo4j-driver 6.x: the named exports of
// lib/index.js (each declared beside its module), and the default export that the entry modules
// (node.js, browser.js) add: all of them as one object, which also names the types
// (`let driver: neo4j.Driver`).

import type * as self from './index.js';
import type { inSafeRange, toNumber, toString } from './integer.js';

export { driver, hasReachableServer, Driver, routing, session } from './driver.js';
export type { Config, QueryConfig, RoutingControl, TrustStrategy } from './driver.js';
export { Session } from './session.js';
export type { SessionConfig, SessionMode, TransactionConfig } from './session.js';
export { Transaction, ManagedTransaction } from './transaction.js';
export type { Query, TransactionPromise } from './transaction.js';
export { Result } from './result.js';
export type {
  GenericResultObserver, MappedQueryResult, MappedResult, PeekableAsyncIterator, QueryResult, ResultObserver,
} from './result.js';
export { EagerResult, resultTransformers } from './result-transformers.js';
export type { ResultTransformer } from './result-transformers.js';
export { Record } from './record.js';
export type { RecordShape } from './record.js';
export { rule, RecordObjectMapping, StandardCase, mappingDecorators } from './mapping.js';
export type { GenericConstructor, Rule, Rules } from './mapping.js';
export {
  ResultSummary, Plan, ProfiledPlan, QueryStatistics, Notification, GqlStatusObject, ServerInfo,
} from './result-summary.js';
export type { NotificationPosition, QueryProfile, Stats } from './result-summary.js';
export { ProtocolVersion } from './protocol-version.js';
export { Integer, int, isInt } from './integer.js';
export type { Integerable, NumberOrInteger } from './integer.js';
export {
  Node, Relationship, UnboundRelationship, Path, PathSegment,
  isNode, isRelationship, isUnboundRelationship, isPath, isPathSegment,
} from './graph-types.js';
export type { Properties } from './graph-types.js';
export { Point, isPoint } from './spatial-types.js';
export {
  Date, Time, LocalTime, LocalDateTime, DateTime, Duration,
  isDate, isTime, isLocalTime, isLocalDateTime, isDateTime, isDuration,
} from './temporal-types.js';
export type { StandardDate } from './temporal-types.js';
export { Vector, vector, isVector } from './vector.js';
export type { VectorType } from './vector.js';
export { UUID, uuid, isUUID } from './uuid.js';
export { UnsupportedType, isUnsupportedType } from './unsupported-type.js';
export { Neo4jError, error, isRetriableError, isRetryableError } from './error.js';
export type { DiagnosticRecord, ErrorClassification, GQLError } from './error.js';
export { auth } from './auth.js';
export type { AuthToken } from './auth.js';
export { authTokenManagers } from './auth-token-managers.js';
export type { AuthTokenAndExpiration, AuthTokenManager, SecurityErrorCode } from './auth-token-managers.js';
export { clientCertificateProviders } from './client-certificate.js';
export type {
  ClientCertificate, ClientCertificateProvider, ClientCertificateProviders, RotatingClientCertificateProvider,
} from './client-certificate.js';
export {
  EncryptionService, EnvelopeEncryptionProfile, LocalKeyEncapsulationService, localKeyEncapsulationService,
} from './encryption.js';
export type {
  EncapsulatedKey, EncapsulatedKeyRecord, EncapsulatedKeyRecordRepository, EncapsulationResult, EncryptionProfile,
  KeyEncapsulationService, SecretKey,
} from './encryption.js';
export { bookmarkManager } from './bookmark-manager.js';
export type { BookmarkManager, BookmarkManagerConfig } from './bookmark-manager.js';
export { logging } from './logging.js';
export type { LogLevel, LoggerFunction, LoggingConfig } from './logging.js';
export {
  notificationCategory, notificationClassification, notificationSeverityLevel,
  notificationFilterDisabledCategory, notificationFilterDisabledClassification,
  notificationFilterMinimumSeverityLevel,
} from './notification-filter.js';
export type {
  NotificationCategory, NotificationClassification, NotificationFilter,
  NotificationFilterDisabledCategory, NotificationFilterDisabledClassification,
  NotificationFilterMinimumSeverityLevel, NotificationSeverityLevel,
} from './notification-filter.js';

/** `neo4j.integer`: conversions of integers that may be `Integer`s. */
export declare const integer: {
  toNumber: typeof toNumber;
  toString: typeof toString;
  inSafeRange: typeof inSafeRange;
};
/** `neo4j.graph`: tests for graph values. */
export declare const graph: {
  isNode: typeof self.isNode;
  isPath: typeof self.isPath;
  isPathSegment: typeof self.isPathSegment;
  isRelationship: typeof self.isRelationship;
  isUnboundRelationship: typeof self.isUnboundRelationship;
};
/** `neo4j.spatial`: tests for spatial values. */
export declare const spatial: { isPoint: typeof self.isPoint };
/** `neo4j.temporal`: tests for temporal values. */
export declare const temporal: {
  isDuration: typeof self.isDuration;
  isLocalTime: typeof self.isLocalTime;
  isTime: typeof self.isTime;
  isDate: typeof self.isDate;
  isLocalDateTime: typeof self.isLocalDateTime;
  isDateTime: typeof self.isDateTime;
};
/** `neo4j.types`: the value and result classes (and, as in neo4j-driver, two of the encryption classes). */
export declare const types: {
  Node: typeof self.Node;
  Relationship: typeof self.Relationship;
  UnboundRelationship: typeof self.UnboundRelationship;
  PathSegment: typeof self.PathSegment;
  Path: typeof self.Path;
  Result: typeof self.Result;
  EagerResult: typeof self.EagerResult;
  ResultSummary: typeof self.ResultSummary;
  Record: typeof self.Record;
  Point: typeof self.Point;
  Date: typeof self.Date;
  DateTime: typeof self.DateTime;
  Duration: typeof self.Duration;
  LocalDateTime: typeof self.LocalDateTime;
  LocalTime: typeof self.LocalTime;
  Time: typeof self.Time;
  Integer: typeof self.Integer;
  Vector: typeof self.Vector;
  ProtocolVersion: typeof self.ProtocolVersion;
  EnvelopeEncryptionProfile: typeof self.EnvelopeEncryptionProfile;
  EncryptionService: typeof self.EncryptionService;
};

/** Everything above as one object (the default export), as the entry modules build it. */
declare const neo4j: Omit<typeof self, 'default'>;

/** Types reachable through the default import too (`let driver: neo4j.Driver`). */
declare namespace neo4j {
  type Integer = self.Integer;
  type Node<T extends self.NumberOrInteger = self.Integer, P extends self.Properties = self.Properties, Label extends string = string> = self.Node<T, P, Label>;
  type Relationship<T extends self.NumberOrInteger = self.Integer, P extends self.Properties = self.Properties, Type extends string = string> = self.Relationship<T, P, Type>;
  type UnboundRelationship<T extends self.NumberOrInteger = self.Integer, P extends self.Properties = self.Properties, Type extends string = string> = self.UnboundRelationship<T, P, Type>;
  type Path<T extends self.NumberOrInteger = self.Integer> = self.Path<T>;
  type PathSegment<T extends self.NumberOrInteger = self.Integer> = self.PathSegment<T>;
  type Point<T extends self.NumberOrInteger = self.Integer> = self.Point<T>;
  type Date<T extends self.NumberOrInteger = self.Integer> = self.Date<T>;
  type Time<T extends self.NumberOrInteger = self.Integer> = self.Time<T>;
  type LocalTime<T extends self.NumberOrInteger = self.Integer> = self.LocalTime<T>;
  type DateTime<T extends self.NumberOrInteger = self.Integer> = self.DateTime<T>;
  type LocalDateTime<T extends self.NumberOrInteger = self.Integer> = self.LocalDateTime<T>;
  type Duration<T extends self.NumberOrInteger = self.Integer> = self.Duration<T>;
  type Vector<K extends self.Vector['_typedArray'] = self.Vector['_typedArray']> = self.Vector<K>;
  type UUID = self.UUID;
  type NumberOrInteger = self.NumberOrInteger;
  type Integerable = self.Integerable;
  type Properties = self.Properties;
  type Record<R extends self.RecordShape = self.RecordShape> = self.Record<R>;
  type RecordShape = self.RecordShape;
  type ResultSummary<T extends self.NumberOrInteger = self.Integer> = self.ResultSummary<T>;
  type Plan = self.Plan;
  type ProfiledPlan = self.ProfiledPlan;
  type QueryStatistics = self.QueryStatistics;
  type Notification = self.Notification;
  type GqlStatusObject = self.GqlStatusObject;
  type ServerInfo = self.ServerInfo;
  type EagerResult<R extends self.RecordShape = self.RecordShape> = self.EagerResult<R>;
  type Neo4jError = self.Neo4jError;
  type AuthToken = self.AuthToken;
  type AuthTokenManager = self.AuthTokenManager;
  type ClientCertificate = self.ClientCertificate;
  type ClientCertificateProvider = self.ClientCertificateProvider;
  type RotatingClientCertificateProvider = self.RotatingClientCertificateProvider;
  type BookmarkManager = self.BookmarkManager;
  type LoggingConfig = self.LoggingConfig;
  type Driver = self.Driver;
  type Session = self.Session;
  type Transaction = self.Transaction;
  type ManagedTransaction = self.ManagedTransaction;
  type Result<R extends self.RecordShape = self.RecordShape> = self.Result<R>;
  type QueryResult = self.QueryResult;
  type MappedQueryResult<T> = self.MappedQueryResult<T>;
  type Rule = self.Rule;
  type Rules = self.Rules;
  type ResultObserver = self.ResultObserver;
  type Config = self.Config;
  type SessionConfig = self.SessionConfig;
  type TransactionConfig = self.TransactionConfig;
  type QueryConfig = self.QueryConfig;
  type SessionMode = self.SessionMode;
  type RoutingControl = self.RoutingControl;
  type ProtocolVersion = self.ProtocolVersion;
  type UnsupportedType = self.UnsupportedType;
  type EncryptionService = self.EncryptionService;
  type EnvelopeEncryptionProfile = self.EnvelopeEncryptionProfile;
  type LocalKeyEncapsulationService = self.LocalKeyEncapsulationService;
  type EncryptionProfile = self.EncryptionProfile;
  type EncapsulatedKeyRecordRepository = self.EncapsulatedKeyRecordRepository;
  type EncapsulatedKeyRecord = self.EncapsulatedKeyRecord;
  type EncapsulatedKey = self.EncapsulatedKey;
  type KeyEncapsulationService = self.KeyEncapsulationService;
  type SecretKey = self.SecretKey;
}

export default neo4j;

// The package's API as one plain object, which each entry module (node.js, browser.js, init.js,
// inline.js, workerd.js) copies into its default export, for `import neo4j from 'neo4j-wasm'`.
// Its keys are lib/index.js's exports, in the order `import * as` gives them. They are written
// out because a bundler writes a module namespace out as an object of getters: copying one
// costs a browser download about 160 bytes (gzipped) more. A new export of lib/index.js goes
// here too: tests/js/declarations.test.mjs checks the keys against the declared default export.

import {
  Date, DateTime, Driver, Duration, EagerResult, EncryptionService, EnvelopeEncryptionProfile,
  GqlStatusObject, Integer, LocalDateTime, LocalKeyEncapsulationService, LocalTime, ManagedTransaction,
  Neo4jError, Node, Notification, Path, PathSegment, Plan, Point, ProfiledPlan, ProtocolVersion,
  QueryStatistics, Record, RecordObjectMapping, Relationship, Result, ResultSummary, ServerInfo, Session,
  StandardCase, Time, Transaction, UUID, UnboundRelationship, UnsupportedType, Vector, auth,
  authTokenManagers, bookmarkManager, clientCertificateProviders, driver, error, graph, hasReachableServer,
  int, integer, isDate, isDateTime, isDuration, isInt, isLocalDateTime, isLocalTime, isNode, isPath,
  isPathSegment, isPoint, isRelationship, isRetriableError, isRetryableError, isTime, isUUID,
  isUnboundRelationship, isUnsupportedType, isVector, localKeyEncapsulationService, logging,
  mappingDecorators, notificationCategory, notificationClassification, notificationFilterDisabledCategory,
  notificationFilterDisabledClassification, notificationFilterMinimumSeverityLevel, notificationSeverityLevel,
  resultTransformers, routing, rule, session, spatial, temporal, types, uuid, vector,
} from './index.js';

/** Every export of lib/index.js, by its name. */
export const api = {
  Date, DateTime, Driver, Duration, EagerResult, EncryptionService, EnvelopeEncryptionProfile,
  GqlStatusObject, Integer, LocalDateTime, LocalKeyEncapsulationService, LocalTime, ManagedTransaction,
  Neo4jError, Node, Notification, Path, PathSegment, Plan, Point, ProfiledPlan, ProtocolVersion,
  QueryStatistics, Record, RecordObjectMapping, Relationship, Result, ResultSummary, ServerInfo, Session,
  StandardCase, Time, Transaction, UUID, UnboundRelationship, UnsupportedType, Vector, auth,
  authTokenManagers, bookmarkManager, clientCertificateProviders, driver, error, graph, hasReachableServer,
  int, integer, isDate, isDateTime, isDuration, isInt, isLocalDateTime, isLocalTime, isNode, isPath,
  isPathSegment, isPoint, isRelationship, isRetriableError, isRetryableError, isTime, isUUID,
  isUnboundRelationship, isUnsupportedType, isVector, localKeyEncapsulationService, logging,
  mappingDecorators, notificationCategory, notificationClassification, notificationFilterDisabledCategory,
  notificationFilterDisabledClassification, notificationFilterMinimumSeverityLevel, notificationSeverityLevel,
  resultTransformers, routing, rule, session, spatial, temporal, types, uuid, vector,
};

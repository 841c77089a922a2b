// The public API, shaped like neo4j-driver 6.x, as named exports. The environment's entry
// module (node.js or browser.js) loads the core first and adds the default export: all of
// them as one plain object, for `import neo4j from 'neo4j-wasm'`.

import { driver, hasReachableServer, Driver, routing, session } from './driver.js';
import { Session } from './session.js';
import { Transaction, ManagedTransaction } from './transaction.js';
import { Result } from './result.js';
import { EagerResult, resultTransformers } from './result-transformers.js';
import { Record } from './record.js';
import { rule, RecordObjectMapping, StandardCase, mappingDecorators } from './mapping.js';
import {
  ResultSummary, Plan, ProfiledPlan, QueryStatistics, Notification, GqlStatusObject, ServerInfo,
} from './result-summary.js';
import { ProtocolVersion } from './protocol-version.js';
import { Integer, int, isInt, inSafeRange, toNumber, toString } from './integer.js';
import {
  Node, Relationship, UnboundRelationship, Path, PathSegment,
  isNode, isRelationship, isUnboundRelationship, isPath, isPathSegment,
} from './graph-types.js';
import { Point, isPoint } from './spatial-types.js';
import {
  Date, Time, LocalTime, LocalDateTime, DateTime, Duration,
  isDate, isTime, isLocalTime, isLocalDateTime, isDateTime, isDuration,
} from './temporal-types.js';
import { Vector, vector, isVector } from './vector.js';
import { UUID, uuid, isUUID } from './uuid.js';
import { UnsupportedType, isUnsupportedType } from './unsupported-type.js';
import { Neo4jError, error, isRetriableError, isRetryableError } from './error.js';
import { auth } from './auth.js';
import { authTokenManagers } from './auth-token-managers.js';
import { clientCertificateProviders } from './client-certificate.js';
import { bookmarkManager } from './bookmark-manager.js';
import {
  EncryptionService, EnvelopeEncryptionProfile, LocalKeyEncapsulationService, localKeyEncapsulationService,
} from './encryption.js';
import { logging } from './logging.js';
import {
  notificationCategory, notificationClassification, notificationSeverityLevel,
  notificationFilterDisabledCategory, notificationFilterDisabledClassification,
  notificationFilterMinimumSeverityLevel,
} from './notification-filter.js';

/** `neo4j.integer`: conversions of integers that may be `Integer`s. */
const integer = { toNumber, toString, inSafeRange };
/** `neo4j.graph`: tests for graph values. */
const graph = { isNode, isPath, isPathSegment, isRelationship, isUnboundRelationship };
/** `neo4j.spatial`: tests for spatial values. */
const spatial = { isPoint };
/** `neo4j.temporal`: tests for temporal values. */
const temporal = { isDuration, isLocalTime, isTime, isDate, isLocalDateTime, isDateTime };
/** `neo4j.types`: the value and result classes (and, as in neo4j-driver, two of the encryption classes). */
const types = {
  Node, Relationship, UnboundRelationship, PathSegment, Path, Result, EagerResult, ResultSummary, Record,
  Point, Date, DateTime, Duration, LocalDateTime, LocalTime, Time, Integer, Vector, ProtocolVersion,
  EnvelopeEncryptionProfile, EncryptionService,
};

export {
  driver, hasReachableServer, auth, authTokenManagers, bookmarkManager, logging, types, session, routing, error,
  integer, graph, spatial, temporal, resultTransformers,
  int, isInt, isPoint, isDuration, isLocalTime, isTime, isDate, isLocalDateTime, isDateTime,
  isNode, isPath, isPathSegment, isRelationship, isUnboundRelationship, isUnsupportedType,
  isVector, vector, isUUID, uuid, isRetriableError, isRetryableError,
  notificationCategory, notificationClassification, notificationSeverityLevel,
  notificationFilterDisabledCategory, notificationFilterDisabledClassification,
  notificationFilterMinimumSeverityLevel,
  clientCertificateProviders,
  EncryptionService, EnvelopeEncryptionProfile, LocalKeyEncapsulationService, localKeyEncapsulationService,
  rule, RecordObjectMapping, StandardCase, mappingDecorators,
  Neo4jError, Driver, Session, Transaction, ManagedTransaction, Result, EagerResult, ResultSummary,
  Plan, ProfiledPlan, QueryStatistics, Notification, GqlStatusObject, ServerInfo, Record, Node,
  Relationship, UnboundRelationship, Path, PathSegment, Point, Integer, Duration, LocalTime, Time,
  Date, LocalDateTime, DateTime, Vector, UUID, UnsupportedType, ProtocolVersion,
};

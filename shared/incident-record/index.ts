/**
 * The incident record (issue 3): vocabulary, event payload schemas, the deterministic fold and
 * command planning. See fold.ts for the conflict rule.
 */
export * from './vocabulary';
export * from './payloads';
export type * from './record';
export { hlcWallTime } from './hlc-time';
export { conflictIdFor, foldIncident, nextActions, resolveVsEscalateId } from './fold';
export { stableJson } from './stable-json';
export { describeParty, englishText, type EnglishTexts } from './timeline-text';
export {
  commandSchema,
  commandSchemas,
  PLAN_ERROR_CODES,
  PlanError,
  planOrThrow,
  type Actor,
  type Command,
  type PlanErrorCode,
  type PlanOptions,
} from './plan';

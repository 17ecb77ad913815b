/**
 * Unified emergency playbooks (issue 5): the template format, reading and checking template files,
 * runs as a fold of events, planning run commands, and trigger rules.
 */
export * from './template';
export * from './duration';
export * from './validate';
export * from './run-events';
export * from './run-record';
export { foldRuns, approvalMet } from './run-fold';
export * from './run-plan';
export * from './triggers';
export { describeOwner } from './authority';
export { describeRunEvent } from './describe';

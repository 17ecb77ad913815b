/** Playbook run events as lines of their incident's activity log (the ICS 214 log). */
import {
  englishText,
  type DescribedLine,
  type EnglishTexts,
  type FoldableEvent,
  type Messages,
} from '../incident-record';
import { isRunEventType, runPayloadSchemas, type RunPayload, type RunStepAction } from './run-events';

/** Run lines by key; `option` is a decision's chosen option, `reason` what the person wrote. */
export interface RunMessageParams {
  runStarted: { title: string; version: number; rule: string | null };
  runStep: { step: string; action: RunStepAction; option: string | null; reason: string | null };
  runEscalated: { step: string; department: string; reason: string };
  runStopped: { reason: string };
  runConflictResolved: { step: string };
}
export type RunMessage = Messages<RunMessageParams>;

const STEP_VERBS: Record<RunStepAction, string> = {
  start: 'started',
  done: 'done',
  skip: 'skipped',
  block: 'blocked',
  approve: 'approved',
  reject: 'rejected',
  choose: 'decided',
};

const TEXTS: EnglishTexts<RunMessageParams> = {
  runStarted: (p) =>
    `started playbook "${p.title}" v${p.version}${p.rule !== null ? ` by itself (${p.rule})` : ''}`,
  runStep: (p) => {
    const detail = p.option ? `: ${p.option}` : p.reason ? `: ${p.reason}` : '';
    return `playbook step ${p.step} ${STEP_VERBS[p.action]}${detail}`;
  },
  runEscalated: (p) => `playbook step ${p.step} escalated to the ${p.department} lead: ${p.reason}`,
  runStopped: (p) => `stopped a playbook run: ${p.reason}`,
  runConflictResolved: (p) => `resolved the conflicting outcomes of playbook step ${p.step}`,
};

function line(message: RunMessage): DescribedLine {
  return { kind: 'playbook', text: englishText(TEXTS, message), message };
}

export function describeRunEvent(event: FoldableEvent): DescribedLine | null {
  if (!isRunEventType(event.type)) return null;
  const parsed = runPayloadSchemas[event.type].safeParse(event.payload);
  if (!parsed.success) return null;
  switch (event.type) {
    case 'run.started': {
      const p = parsed.data as RunPayload<'run.started'>;
      const { title, version } = p.template;
      return line({ key: 'runStarted', params: { title, version, rule: p.automatic?.rule ?? null } });
    }
    case 'run.step': {
      const p = parsed.data as RunPayload<'run.step'>;
      return line({
        key: 'runStep',
        params: { step: p.stepId, action: p.action, option: p.option ?? null, reason: p.reason ?? null },
      });
    }
    case 'run.escalated': {
      const p = parsed.data as RunPayload<'run.escalated'>;
      return line({
        key: 'runEscalated',
        params: { step: p.stepId, department: p.department, reason: p.reason },
      });
    }
    case 'run.stopped': {
      const p = parsed.data as RunPayload<'run.stopped'>;
      return line({ key: 'runStopped', params: { reason: p.reason } });
    }
    case 'run.conflict_resolved': {
      const p = parsed.data as RunPayload<'run.conflict_resolved'>;
      return line({ key: 'runConflictResolved', params: { step: p.stepId } });
    }
  }
}

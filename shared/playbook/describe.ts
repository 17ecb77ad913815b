/** Playbook run events as lines of their incident's activity log (the ICS 214 log). */
import type { FoldableEvent, TimelineKind } from '../incident-record';
import { isRunEventType, runPayloadSchemas, type RunPayload } from './run-events';

const STEP_VERBS: Record<RunPayload<'run.step'>['action'], string> = {
  start: 'started',
  done: 'done',
  skip: 'skipped',
  block: 'blocked',
  approve: 'approved',
  reject: 'rejected',
  choose: 'decided',
};

export function describeRunEvent(event: FoldableEvent): { kind: TimelineKind; text: string } | null {
  if (!isRunEventType(event.type)) return null;
  const parsed = runPayloadSchemas[event.type].safeParse(event.payload);
  if (!parsed.success) return null;
  const line = (text: string) => ({ kind: 'playbook' as const, text });
  switch (event.type) {
    case 'run.started': {
      const p = parsed.data as RunPayload<'run.started'>;
      const how = p.automatic ? ` by itself (${p.automatic.rule})` : '';
      return line(`started playbook "${p.template.title}" v${p.template.version}${how}`);
    }
    case 'run.step': {
      const p = parsed.data as RunPayload<'run.step'>;
      const detail = p.option ? `: ${p.option}` : p.reason ? `: ${p.reason}` : '';
      return line(`playbook step ${p.stepId} ${STEP_VERBS[p.action]}${detail}`);
    }
    case 'run.escalated': {
      const p = parsed.data as RunPayload<'run.escalated'>;
      return line(`playbook step ${p.stepId} escalated to the ${p.department} lead: ${p.reason}`);
    }
    case 'run.stopped':
      return line(`stopped a playbook run: ${(parsed.data as RunPayload<'run.stopped'>).reason}`);
    case 'run.conflict_resolved':
      return line(
        `resolved the conflicting outcomes of playbook step ${(parsed.data as RunPayload<'run.conflict_resolved'>).stepId}`,
      );
  }
}

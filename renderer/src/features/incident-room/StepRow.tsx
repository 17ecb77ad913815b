import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunStepAction } from '../../../../shared/playbook/run-events';
import type { RunRecord, RunStep } from '../../../../shared/playbook/run-record';
import type { Step } from '../../../../shared/playbook/template';
import { api } from '../../api';
import { Time } from '../../components/Time';
import { ErrorAlert } from './ErrorAlert';
import { OwnerLabel } from './OwnerLabel';
import { ActorName } from './PartyLabel';
import { ReasonForm } from './ReasonForm';
import { useRoom } from './room-context';
import { useAction } from './useAction';

/** States in which someone still has to act on a step. */
const OPEN_STATES: readonly RunStep['state'][] = ['ready', 'in-progress', 'blocked'];

/**
 * The actions a step offers in its state, by its kind. Notify steps finish by themselves and wait
 * steps run on their timer, so neither is started; decisions are chosen and approvals approved or
 * rejected rather than marked done. Who may act is the core's to say: its refusal is shown.
 */
export function stepActions(step: RunStep): RunStepAction[] {
  if (!OPEN_STATES.includes(step.state)) return [];
  const working = step.state !== 'blocked';
  const actions: RunStepAction[] = [];
  const startable = step.kind === 'task' || step.kind === 'decision' || step.kind === 'approval';
  if (startable && step.state !== 'in-progress') actions.push('start');
  if (working && (step.kind === 'task' || step.kind === 'wait')) actions.push('done');
  if (working && step.kind === 'approval') actions.push('approve', 'reject');
  if (working) actions.push('block');
  actions.push('skip');
  return actions;
}

/** Actions that must say why. */
const NEEDS_REASON: readonly RunStepAction[] = ['skip', 'block'];

/** One line of the checklist: what, whose, by when, how far, and what can be done now. */
export function StepRow({
  index,
  step,
  def,
  run,
  onChanged,
}: {
  index: number;
  step: RunStep;
  def: Step | undefined;
  run: RunRecord;
  onChanged: (run: RunRecord) => void;
}) {
  const { t } = useTranslation('incident-room');
  const { canAct, departments } = useRoom();
  const action = useAction();
  const [asking, setAsking] = useState<RunStepAction | null>(null);
  const optionLabel = (id: string) => def?.options?.find((o) => o.id === id)?.label ?? id;

  const act = async (stepAction: RunStepAction, extra: { reason?: string; option?: string } = {}) => {
    const done = await action.run(async () =>
      onChanged(await api.changeRunStep({ runId: run.runId, stepId: step.id, action: stepAction, ...extra })),
    );
    if (done) setAsking(null);
  };
  const actions = run.status === 'active' && canAct ? stepActions(step) : [];
  const choosing = actions.length > 0 && step.kind === 'decision' && step.state !== 'blocked';
  const escalatedTo = step.escalated
    ? (departments.find((d) => d.id === step.escalated!.department)?.name ?? step.escalated.department)
    : null;

  return (
    <li className={`step state-${step.state}${step.overdue ? ' is-overdue' : ''}`} aria-label={step.title}>
      <div className="step-head">
        <span className="step-index">{index + 1}</span>
        <span className="step-title">{step.title}</span>
        <span className="step-kind">{t(`stepKind.${step.kind}`)}</span>
        <span className={`step-state state-${step.state}`}>{t(`stepState.${step.state}`)}</span>
        <OwnerLabel owner={step.owner} />
        {step.dueAt && (
          <span className="step-due">
            {t('run.due')} <Time instant={step.dueAt} />
          </span>
        )}
        {step.overdue && <span className="overdue">{t('common.overdue')}</span>}
        {escalatedTo && (
          <span className="escalation">{t('run.escalatedTo', { department: escalatedTo })}</span>
        )}
        {step.escalationDue && !escalatedTo && <span className="escalation">{t('run.escalationDue')}</span>}
      </div>
      {def?.instructions && OPEN_STATES.includes(step.state) && (
        <p className="step-instructions">{def.instructions}</p>
      )}
      {(step.approvals.length > 0 || step.choice || step.reason) && (
        <div className="step-detail">
          {step.approvals.length > 0 && (
            <span className="approvals">
              {t('run.approvedBy')}{' '}
              {step.approvals.map((approval) => (
                <ActorName key={approval.eventId} actor={approval.actor} />
              ))}
            </span>
          )}
          {step.choice && <span>{t('run.chose', { option: optionLabel(step.choice) })}</span>}
          {step.reason && <span className="step-reason">{t('run.reason', { reason: step.reason })}</span>}
        </div>
      )}
      {actions.length > 0 && (
        <div className="step-actions" role="group" aria-label={t('run.actionsFor', { step: step.title })}>
          {choosing &&
            def?.options?.map((option) => (
              <Button
                key={option.id}
                size="xs"
                aria-label={t('run.chooseOption', { option: option.label, step: step.title })}
                disabled={action.busy}
                onClick={() => void act('choose', { option: option.id })}
              >
                {option.label}
              </Button>
            ))}
          {actions.map((stepAction) => {
            const label = t(`stepAction.${stepAction}`);
            return (
              <Button
                key={stepAction}
                size="xs"
                variant={NEEDS_REASON.includes(stepAction) || stepAction === 'reject' ? 'default' : 'light'}
                aria-label={t('run.actionOn', { action: label, step: step.title })}
                disabled={action.busy}
                onClick={() =>
                  NEEDS_REASON.includes(stepAction) ? setAsking(stepAction) : void act(stepAction)
                }
              >
                {label}
              </Button>
            );
          })}
        </div>
      )}
      {asking && (
        <ReasonForm
          label={t(`run.reasonFor.${asking}`, { step: step.title })}
          confirmLabel={t(`stepAction.${asking}`)}
          busy={action.busy}
          onConfirm={(reason) => void act(asking, { reason })}
          onCancel={() => setAsking(null)}
        />
      )}
      <ErrorAlert error={action.error} />
    </li>
  );
}

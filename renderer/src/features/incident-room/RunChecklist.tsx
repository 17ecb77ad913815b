import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecord, StepConflict } from '../../../../shared/playbook/run-record';
import { api } from '../../api';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { Time } from '../../components/Time';
import { CandidateColumns } from './CandidateColumns';
import { ErrorAlert } from './ErrorAlert';
import { ReasonForm } from './ReasonForm';
import { useRoom } from './room-context';
import { StepRow } from './StepRow';
import { useAction } from './useAction';
import { useRun } from './useRun';

const CHOSE = 'chose:';

/** One run as a checklist: its conflicts first (they hold steps up), then every step in order. */
export function RunChecklist({ runId }: { runId: string }) {
  const { t } = useTranslation('incident-room');
  const { state, apply } = useRun(runId);
  if (state.status === 'loading') return <p className="empty">{t('run.loading')}</p>;
  if (state.status === 'failed') {
    return (
      <p role="alert" className="room-error">
        {t('run.loadFailed', { message: state.message })}
      </p>
    );
  }
  const { run } = state;
  return (
    <div className="run-checklist">
      <StopControl run={run} onChanged={apply} />
      {run.exercise && <InjectList run={run} />}
      {run.conflicts
        .filter((conflict) => conflict.status === 'open')
        .map((conflict) => (
          <RunConflict key={conflict.stepId} run={run} conflict={conflict} onChanged={apply} />
        ))}
      <ol className="steps" aria-label={t('run.steps', { title: run.playbook.title })}>
        {run.steps.map((step, index) => (
          <StepRow
            key={step.id}
            index={index}
            step={step}
            def={run.template.steps.find((s) => s.id === step.id)}
            run={run}
            onChanged={apply}
          />
        ))}
      </ol>
    </div>
  );
}

/** Why a stopped run stopped; for commanders, stopping an active one (it must say why). */
function StopControl({ run, onChanged }: { run: RunRecord; onChanged: (run: RunRecord) => void }) {
  const { t } = useTranslation('incident-room');
  const { isCommander } = useRoom();
  const [asking, setAsking] = useState(false);
  const action = useAction();
  if (run.stopped) {
    return (
      <p className="run-stopped">
        {t('run.stoppedBecause', { reason: run.stopped.reason })} <Time instant={run.stopped.at ?? ''} />
      </p>
    );
  }
  if (run.status !== 'active' || !isCommander) return null;
  const stop = async (reason: string) => {
    if (await action.run(async () => onChanged(await api.stopRun({ runId: run.runId, reason }))))
      setAsking(false);
  };
  return (
    <div className="run-stop">
      {asking ? (
        <ReasonForm
          label={t('run.stopReason', { title: run.playbook.title })}
          confirmLabel={t('run.stop')}
          busy={action.busy}
          onConfirm={(reason) => void stop(reason)}
          onCancel={() => setAsking(false)}
        />
      ) : (
        <Button size="xs" variant="default" onClick={() => setAsking(true)}>
          {t('run.stop')}
        </Button>
      )}
      <ErrorAlert error={action.error} />
    </div>
  );
}

/** Contradicting outcomes of one step, side by side; a commander keeps one. */
function RunConflict({
  run,
  conflict,
  onChanged,
}: {
  run: RunRecord;
  conflict: StepConflict;
  onChanged: (run: RunRecord) => void;
}) {
  const { t } = useTranslation('incident-room');
  const action = useAction();
  const step = run.steps.find((s) => s.id === conflict.stepId);
  const def = run.template.steps.find((s) => s.id === conflict.stepId);
  const title = step?.title ?? conflict.stepId;
  // Outcomes are `done`, `skipped`, `rejected`, `approved` or `chose:<option id>`.
  const outcome = (value: string) => {
    if (!value.startsWith(CHOSE)) return t(`run.outcome.${value}`);
    const option = value.slice(CHOSE.length);
    return t('run.outcome.chose', { option: def?.options?.find((o) => o.id === option)?.label ?? option });
  };
  const keep = (chosenEventId: string) =>
    void action.run(async () =>
      onChanged(await api.resolveRunConflict({ runId: run.runId, stepId: conflict.stepId, chosenEventId })),
    );
  return (
    <article className="conflict" aria-label={t('run.conflictOn', { step: title })}>
      <h4>{t('run.conflictOn', { step: title })}</h4>
      <CandidateColumns
        label={t('run.conflictCandidates', { step: title })}
        busy={action.busy}
        onKeep={keep}
        candidates={conflict.candidates.map((c) => ({
          eventId: c.eventId,
          department: c.department,
          actor: c.actor,
          at: c.at,
          value: outcome(c.outcome),
        }))}
      />
      <ErrorAlert error={action.error} />
    </article>
  );
}

/** An exercise's scripted reports that have come in so far, newest first, and how many are to come. */
function InjectList({ run }: { run: RunRecord }) {
  const { t } = useTranslation('incident-room');
  const { departments } = useRoom();
  const delivered = run.injects.filter((inject) => inject.delivered).reverse();
  const waiting = run.injects.length - delivered.length;
  return (
    <section className="injects" aria-label={t('run.injects')}>
      <h4>{t('run.injects')}</h4>
      {delivered.length === 0 && <p className="empty">{t('run.noInjects')}</p>}
      <ul>
        {delivered.map((inject) => (
          <li key={`${inject.at}/${inject.title}`}>
            <Time instant={inject.at} />{' '}
            {inject.from && <DepartmentBadge id={inject.from} departments={departments} />}{' '}
            <strong>{inject.title}</strong> {inject.text}
          </li>
        ))}
      </ul>
      {waiting > 0 && <p className="muted">{t('run.injectsWaiting', { count: waiting })}</p>}
    </section>
  );
}

import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSummary } from '../../../../shared/contract';
import { Time } from '../../components/Time';
import { useRoom } from './room-context';
import { RunChecklist } from './RunChecklist';
import { StartPlaybookModal } from './StartPlaybookModal';
import { useRuns } from './useRuns';

/**
 * The incident's playbook runs, each opening into its checklist, and starting another. The modal's
 * open state belongs to the room so the command palette can open it too.
 */
export function PlaybookRuns({
  startOpen,
  onStartOpenChange,
}: {
  startOpen: boolean;
  onStartOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation('incident-room');
  const { incidentId, canAct } = useRoom();
  const { state, reload } = useRuns(incidentId);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (runId: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });

  return (
    <div className="playbook-runs">
      <div className="runs-head">
        <h3>{t('runs.heading')}</h3>
        {canAct && (
          <Button size="xs" onClick={() => onStartOpenChange(true)}>
            {t('runs.start')}
          </Button>
        )}
      </div>
      {state.status === 'loading' && <p className="empty">{t('runs.loading')}</p>}
      {state.status === 'failed' && (
        <p role="alert" className="room-error">
          {t('runs.loadFailed', { message: state.message })}
        </p>
      )}
      {state.status === 'ready' && state.runs.length === 0 && <p className="empty">{t('runs.none')}</p>}
      {state.status === 'ready' && state.runs.length > 0 && (
        <ul className="run-list">
          {state.runs.map((run) => (
            <RunItem
              key={run.runId}
              run={run}
              open={expanded.has(run.runId)}
              onToggle={() => toggle(run.runId)}
            />
          ))}
        </ul>
      )}
      <StartPlaybookModal
        opened={startOpen}
        onClose={() => onStartOpenChange(false)}
        onStarted={(run) => {
          reload();
          setExpanded((current) => new Set(current).add(run.runId));
        }}
      />
    </div>
  );
}

/** A run's headline (a button that opens its checklist) and, when open, the checklist. */
function RunItem({ run, open, onToggle }: { run: RunSummary; open: boolean; onToggle: () => void }) {
  const { t } = useTranslation('incident-room');
  const panelId = `run-${run.runId}`;
  return (
    <li className={`run run-${run.status}${run.exercise ? ' is-exercise' : ''}`}>
      <div className="run-head">
        <button
          type="button"
          className="run-toggle"
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          onClick={onToggle}
        >
          {run.playbook.title}{' '}
          <span className="muted">{t('start.version', { version: run.playbook.version })}</span>
        </button>
        {run.exercise && <span className="exercise-badge">{t('run.exercise')}</span>}
        {run.automatic && <span className="muted">{t('run.automatic', { rule: run.automatic.rule })}</span>}
        <span className={`run-status run-status-${run.status}`}>{t(`runStatus.${run.status}`)}</span>
        <span>{t('run.progress', { finished: run.counts.finished, steps: run.counts.steps })}</span>
        {run.counts.overdue > 0 && (
          <span className="overdue">{t('run.overdueCount', { count: run.counts.overdue })}</span>
        )}
        {run.counts.openConflicts > 0 && (
          <span className="conflict-marker">
            {t('run.conflictCount', { count: run.counts.openConflicts })}
          </span>
        )}
        <span className="muted">
          {t('run.started')} <Time instant={run.startedAt} />
        </span>
      </div>
      {open && (
        <div id={panelId}>
          <RunChecklist runId={run.runId} />
        </div>
      )}
    </li>
  );
}

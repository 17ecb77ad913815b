import { Badge } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaybookDetail as Detail, PlaybookSummary } from '../../../../shared/contract';
import type { Department } from '../../../../shared/identity';
import { api } from '../../api';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { Time } from '../../components/Time';
import { ExportPanel } from './ExportPanel';
import { layoutSteps } from './layout';
import { StepGraph } from './StepGraph';
import { StepList } from './StepList';
import { TriggerList } from './TriggerList';

type DetailState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; detail: Detail };

/** One playbook version from the core. The caller keys this by playbook and version, so it starts afresh. */
function usePlaybookDetail(id: string, version: number): DetailState {
  const [state, setState] = useState<DetailState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    api.showPlaybook({ id, version }).then(
      (detail) => live && setState({ status: 'ready', detail }),
      (error: Error) => live && setState({ status: 'failed', message: error.message }),
    );
    return () => {
      live = false;
    };
  }, [id, version]);
  return state;
}

/**
 * A playbook in full: what it is for, the roles it needs, when it comes up, its steps as a graph
 * and as a list, and its export. Markers come from `summary`, the library's current word on them.
 */
export function PlaybookDetail({
  summary,
  departments,
}: {
  summary: PlaybookSummary;
  departments: readonly Department[];
}) {
  const { t } = useTranslation('playbooks');
  const state = usePlaybookDetail(summary.id, summary.version);
  const headingId = `playbook-${summary.id}`;

  return (
    <section className="playbook-detail" aria-labelledby={headingId}>
      <h3 id={headingId}>{summary.title}</h3>
      <div className="playbooks-row">
        <code>{t('detail.idVersion', { id: summary.id, version: summary.version })}</code>
        <Badge variant="outline">{t(`source.${summary.source}`)}</Badge>
        {summary.autoStart && <Badge variant="light">{t('autoStart.on')}</Badge>}
      </div>
      {state.status === 'loading' && <p className="playbooks-hint">{t('detail.loading')}</p>}
      {state.status === 'failed' && (
        <p role="alert" className="playbooks-error">
          {t('detail.failed', { message: state.message })}
        </p>
      )}
      {state.status === 'ready' && <DetailBody detail={state.detail} departments={departments} />}
    </section>
  );
}

function DetailBody({ detail, departments }: { detail: Detail; departments: readonly Department[] }) {
  const { t } = useTranslation('playbooks');
  const { template, published } = detail;
  const graph = useMemo(() => layoutSteps(template.steps), [template.steps]);

  return (
    <>
      {published && (
        <p className="playbooks-hint">
          {t('detail.publishedBy', { user: published.by })}{' '}
          <DepartmentBadge id={published.department} departments={departments} />
          {published.at && (
            <>
              {' · '}
              <Time instant={published.at} />
            </>
          )}
        </p>
      )}
      {template.description && <p className="playbook-description">{template.description}</p>}

      <h4>{t('detail.roles')}</h4>
      {template.roles.length === 0 ? (
        <p className="playbooks-hint">{t('detail.noRoles')}</p>
      ) : (
        <ul className="playbook-roles">
          {template.roles.map((entry) => (
            <li key={entry.role}>
              <code>{entry.role}</code> <span aria-hidden="true">→</span>
              <span className="visually-hidden">{t('detail.filledBy')}</span>{' '}
              <DepartmentBadge id={entry.department} departments={departments} />
            </li>
          ))}
        </ul>
      )}

      <h4>{t('detail.triggers')}</h4>
      <TriggerList triggers={template.triggers} />

      <h4>{t('detail.steps')}</h4>
      <div className="playbook-steps">
        <StepGraph graph={graph} title={template.title} departments={departments} />
        <StepList steps={template.steps} departments={departments} />
      </div>

      <h4>{t('detail.export')}</h4>
      <ExportPanel id={detail.id} version={detail.version} />
    </>
  );
}

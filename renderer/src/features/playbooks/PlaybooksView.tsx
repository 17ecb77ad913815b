import './playbooks.css';
import { Tabs } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaybookDetail as Detail, WhoAmI } from '../../../../shared/contract';
import { useCommands, type Command } from '../../app/commands';
import { ExercisesPanel } from './ExercisesPanel';
import { ImportPanel } from './ImportPanel';
import { PlaybookDetail } from './PlaybookDetail';
import { PlaybookList } from './PlaybookList';
import { canAdminister, canCommand } from './permissions';
import { usePlaybookLibrary } from './usePlaybookLibrary';

type Tab = 'library' | 'import' | 'exercises';

/**
 * The playbook library: every playbook with its steps drawn out, importing and exporting them,
 * automatic start, and exercise runs. Palette commands jump to importing and to purging exercises.
 */
export function PlaybooksView({ me }: { me: WhoAmI }) {
  const { t } = useTranslation('playbooks');
  const role = me.member.role;
  const departments = me.workspace.departments;
  const { state, reload, replace } = usePlaybookLibrary();
  const [tab, setTab] = useState<Tab>('library');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [importRequest, setImportRequest] = useState(0);
  const [confirmingPurge, setConfirmingPurge] = useState(false);

  const selected = state.status === 'ready' ? state.playbooks.find((p) => p.id === selectedId) : undefined;

  const published = useCallback(
    (detail: Detail) => {
      setSelectedId(detail.id);
      void reload();
    },
    [reload],
  );

  const commands = useMemo<Command[]>(() => {
    const list: Command[] = [
      {
        id: 'playbooks-import',
        label: t('palette.import'),
        run: () => {
          setTab('import');
          setImportRequest((n) => n + 1);
        },
      },
    ];
    if (canCommand(role)) {
      list.push({
        id: 'playbooks-purge-exercises',
        label: t('palette.purge'),
        run: () => {
          setTab('exercises');
          setConfirmingPurge(true);
        },
      });
    }
    return list;
  }, [t, role]);
  useCommands('playbooks', commands);

  return (
    <section className="playbooks" aria-labelledby="playbooks-heading">
      <h2 id="playbooks-heading">{t('title')}</h2>
      <Tabs value={tab} onChange={(value) => value && setTab(value as Tab)}>
        <Tabs.List aria-label={t('tabs.label')}>
          <Tabs.Tab value="library">{t('tabs.library')}</Tabs.Tab>
          <Tabs.Tab value="import">{t('tabs.import')}</Tabs.Tab>
          <Tabs.Tab value="exercises">{t('tabs.exercises')}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="library" className="playbooks-panel">
          {state.status === 'loading' && <p className="playbooks-hint">{t('list.loading')}</p>}
          {state.status === 'failed' && (
            <p role="alert" className="playbooks-error">
              {t('list.failed', { message: state.message })}
            </p>
          )}
          {state.status === 'ready' && (
            <PlaybookList
              playbooks={state.playbooks}
              departments={departments}
              selectedId={selectedId}
              onSelect={setSelectedId}
              mayAdminister={canAdminister(role)}
              onChanged={replace}
            />
          )}
          {selected && (
            <PlaybookDetail
              key={`${selected.id} ${selected.version}`}
              summary={selected}
              departments={departments}
            />
          )}
        </Tabs.Panel>

        <Tabs.Panel value="import" className="playbooks-panel">
          <ImportPanel role={role} focusRequest={importRequest} onPublished={published} />
        </Tabs.Panel>

        <Tabs.Panel value="exercises" className="playbooks-panel">
          <ExercisesPanel role={role} confirming={confirmingPurge} onConfirmingChange={setConfirmingPurge} />
        </Tabs.Panel>
      </Tabs>
    </section>
  );
}

import './incident-room.css';
import { Button, Tabs } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WhoAmI } from '../../../../shared/contract';
import type { IncidentStatus } from '../../../../shared/incident-record/vocabulary';
import { api } from '../../api';
import { useNavigation } from '../../app/navigation';
import { ConflictsPanel } from './ConflictsPanel';
import { ErrorAlert } from './ErrorAlert';
import { LinksPanel } from './LinksPanel';
import { LogPanel } from './LogPanel';
import { PlaybookRuns } from './PlaybookRuns';
import { ResponsibilitiesPanel } from './ResponsibilitiesPanel';
import { RoomContext, type Room } from './room-context';
import { RoomHeader } from './RoomHeader';
import { SummaryPanel } from './SummaryPanel';
import { useAction } from './useAction';
import { useIncidentRecord } from './useIncidentRecord';
import { useMembers } from './useMembers';
import { useRoomCommands } from './useRoomCommands';

type RoomTab = 'summary' | 'responsibilities' | 'log' | 'conflicts' | 'links' | 'playbooks';

/**
 * The incident room, where an incident is run from: its summary and status, who is responsible for
 * what, the log, conflicts waiting for a commander, linked incidents and playbook runs.
 */
export function IncidentRoomView({ incidentId, me }: { incidentId: string; me: WhoAmI }) {
  const { t } = useTranslation('incident-room');
  const { state, apply } = useIncidentRecord(incidentId);
  const members = useMembers();
  const go = useNavigation((s) => s.go);
  const [tab, setTab] = useState<RoomTab>('summary');
  const [focusLog, setFocusLog] = useState(false);
  const [startOpen, setStartOpen] = useState(false);
  const { run: runFromPalette, error: paletteError } = useAction();

  const role = me.member.role;
  const canAct = role !== 'viewer';
  const isCommander = role === 'commander' || role === 'admin';

  const changeStatus = useCallback(
    (to: IncidentStatus) =>
      void runFromPalette(async () => apply(await api.changeIncidentStatus({ id: incidentId, to }))),
    [runFromPalette, apply, incidentId],
  );
  const addLogEntry = useCallback(() => {
    setTab('log');
    setFocusLog(true);
  }, []);
  const startPlaybook = useCallback(() => {
    setTab('playbooks');
    setStartOpen(true);
  }, []);
  const back = useCallback(() => go({ name: 'board' }), [go]);
  const logFocused = useCallback(() => setFocusLog(false), []);
  useRoomCommands({
    status: state.status === 'ready' ? state.record.status : null,
    canAct,
    changeStatus,
    addLogEntry,
    startPlaybook,
    back,
  });

  const room = useMemo<Room | null>(
    () =>
      state.status === 'ready'
        ? {
            incidentId,
            record: state.record,
            me,
            departments: me.workspace.departments,
            members,
            apply,
            canAct,
            isCommander,
          }
        : null,
    [state, incidentId, me, members, apply, canAct, isCommander],
  );

  if (state.status === 'loading') return <p className="empty">{t('loading')}</p>;
  if (state.status === 'failed' || !room) {
    return (
      <div role="alert" className="room-error">
        <p>{t('loadFailed', { message: state.status === 'failed' ? state.message : '' })}</p>
        <Button size="xs" variant="default" onClick={back}>
          {t('back')}
        </Button>
      </div>
    );
  }

  const { record } = room;
  const openConflicts = record.conflicts.filter((c) => c.status === 'open').length;
  const tabs: Array<{ value: RoomTab; label: string }> = [
    { value: 'summary', label: t('tabs.summary') },
    { value: 'responsibilities', label: t('tabs.responsibilities') },
    { value: 'log', label: t('tabs.log') },
    { value: 'conflicts', label: t('tabs.conflicts', { count: openConflicts }) },
    { value: 'links', label: t('tabs.links', { count: record.links.length }) },
    { value: 'playbooks', label: t('tabs.playbooks') },
  ];

  return (
    <RoomContext.Provider value={room}>
      <section className="incident-room" aria-labelledby="incident-room-title">
        <RoomHeader />
        <ErrorAlert error={paletteError} />
        {record.untrustedEvents.length > 0 && (
          <div role="alert" className="room-error">
            <p>{t('untrusted', { count: record.untrustedEvents.length })}</p>
            <ul>
              {record.untrustedEvents.map((e, i) => (
                <li key={e.eventId ?? i}>{e.message}</li>
              ))}
            </ul>
          </div>
        )}
        <Tabs value={tab} onChange={(value) => value && setTab(value as RoomTab)}>
          <Tabs.List aria-label={t('tabs.label')}>
            {tabs.map(({ value, label }) => (
              <Tabs.Tab
                key={value}
                value={value}
                className={value === 'conflicts' && openConflicts ? 'has-conflicts' : undefined}
              >
                {label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="summary">
            <SummaryPanel />
          </Tabs.Panel>
          <Tabs.Panel value="responsibilities">
            <ResponsibilitiesPanel />
          </Tabs.Panel>
          <Tabs.Panel value="log">
            <LogPanel focusRequested={focusLog} onFocused={logFocused} />
          </Tabs.Panel>
          <Tabs.Panel value="conflicts">
            <ConflictsPanel />
          </Tabs.Panel>
          <Tabs.Panel value="links">
            <LinksPanel />
          </Tabs.Panel>
          <Tabs.Panel value="playbooks">
            <PlaybookRuns startOpen={startOpen} onStartOpenChange={setStartOpen} />
          </Tabs.Panel>
        </Tabs>
      </section>
    </RoomContext.Provider>
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE, type IncidentStatus } from '../../../../shared/incident-record/vocabulary';
import { useCommands, type Command } from '../../app/commands';

/**
 * The room's palette commands: the next statuses, writing to the log, starting a playbook and going
 * back. Viewers get only the way back.
 */
export function useRoomCommands({
  status,
  canAct,
  changeStatus,
  addLogEntry,
  startPlaybook,
  back,
}: {
  /** Null while the record is loading. */
  status: IncidentStatus | null;
  canAct: boolean;
  changeStatus: (to: IncidentStatus) => void;
  addLogEntry: () => void;
  startPlaybook: () => void;
  back: () => void;
}) {
  const { t } = useTranslation('incident-room');
  const commands = useMemo<Command[]>(() => {
    const list: Command[] = [{ id: 'room-back', label: t('palette.back'), shortcut: 'alt+B', run: back }];
    if (status === null || !canAct) return list;
    return [
      ...LIFECYCLE[status].map((to) => ({
        id: `room-status-${to}`,
        label: t('palette.status', { status: t(`status.${to}`) }),
        run: () => changeStatus(to),
      })),
      { id: 'room-log', label: t('palette.log'), shortcut: 'alt+L', run: addLogEntry },
      { id: 'room-playbook', label: t('palette.playbook'), run: startPlaybook },
      ...list,
    ];
  }, [t, status, canAct, changeStatus, addLogEntry, startPlaybook, back]);
  useCommands('incident-room', commands);
}

import { Button, Modal, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/identity';
import { api } from '../../api';
import { Time } from '../../components/Time';
import { canCommand } from './permissions';
import { useExerciseRuns } from './useExerciseRuns';

/**
 * Exercise runs (playbooks played at speed for training) and, for commanders and administrators,
 * removing them all. Whether the confirmation is open is the caller's, so the palette can open it.
 */
export function ExercisesPanel({
  role,
  confirming,
  onConfirmingChange,
}: {
  role: Role;
  confirming: boolean;
  onConfirmingChange: (open: boolean) => void;
}) {
  const { t } = useTranslation('playbooks');
  const { state, reload } = useExerciseRuns();
  const [purged, setPurged] = useState<number | null>(null);
  const mayPurge = canCommand(role);

  return (
    <div className="playbook-exercises">
      {state.status === 'loading' && <p className="playbooks-hint">{t('exercises.loading')}</p>}
      {state.status === 'failed' && (
        <p role="alert" className="playbooks-error">
          {t('exercises.failed', { message: state.message })}
        </p>
      )}
      {state.status === 'ready' &&
        (state.runs.length === 0 ? (
          <p className="playbooks-hint">{t('exercises.none')}</p>
        ) : (
          <Table aria-label={t('exercises.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('exercises.columns.playbook')}</Table.Th>
                <Table.Th>{t('exercises.columns.incident')}</Table.Th>
                <Table.Th>{t('exercises.columns.speed')}</Table.Th>
                <Table.Th>{t('exercises.columns.status')}</Table.Th>
                <Table.Th>{t('exercises.columns.started')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {state.runs.map((run) => (
                <Table.Tr key={run.runId}>
                  <Table.Td>{run.playbook.title}</Table.Td>
                  <Table.Td>
                    <code>{run.incidentId}</code>
                  </Table.Td>
                  <Table.Td>{t('exercises.speed', { speed: run.exercise?.speed })}</Table.Td>
                  <Table.Td>{t(`runStatus.${run.status}`)}</Table.Td>
                  <Table.Td>
                    <Time instant={run.startedAt} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
      {mayPurge ? (
        <Button color="red" variant="outline" onClick={() => onConfirmingChange(true)}>
          {t('exercises.purge')}
        </Button>
      ) : (
        <p className="playbooks-hint">{t('exercises.notAllowed', { role: t(`role.${role}`) })}</p>
      )}
      {purged !== null && (
        <p role="status" className="playbooks-ok">
          {t('exercises.purged', { count: purged })}
        </p>
      )}
      {/* Mounted only while open, so each confirmation starts without the last one's error. */}
      {confirming && mayPurge && (
        <PurgeConfirmation
          onClose={() => onConfirmingChange(false)}
          onPurged={(count) => {
            setPurged(count);
            onConfirmingChange(false);
            void reload();
          }}
        />
      )}
    </div>
  );
}

/** "Are you sure?" before removing every exercise run here and on every other copy. */
function PurgeConfirmation({
  onClose,
  onPurged,
}: {
  onClose: () => void;
  onPurged: (count: number) => void;
}) {
  const { t } = useTranslation('playbooks');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const purge = async () => {
    setBusy(true);
    setError(null);
    try {
      const { purged } = await api.purgeExercises({});
      onPurged(purged.length);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  // lockScroll off: Mantine locks scrolling with an injected <style>, which the CSP refuses.
  return (
    <Modal opened onClose={onClose} title={t('purge.title')} lockScroll={false}>
      <p>{t('purge.body')}</p>
      {error && (
        <p role="alert" className="playbooks-error">
          {error}
        </p>
      )}
      <div className="playbooks-row playbooks-actions">
        <Button variant="default" onClick={onClose}>
          {t('purge.cancel')}
        </Button>
        <Button color="red" loading={busy} onClick={() => void purge()}>
          {t('purge.confirm')}
        </Button>
      </div>
    </Modal>
  );
}

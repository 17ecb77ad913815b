import { Button, Table } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupList, BackupResult, DataLocation } from '../../../../shared/backup';
import { api } from '../../api';
import { useCommands, type Command } from '../../app/commands';
import { Time } from '../../components/Time';

type Loaded = { location: DataLocation; backups: BackupList };
type LoadState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; value: Loaded };

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A size in decimal units, as the operating system's file manager shows it, in the UI's language. */
export function formatBytes(bytes: number, language: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** The data location and the backups, asked when the section mounts and when the link to the core comes back. */
function useDataAndBackups() {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const load = useCallback(
    () =>
      Promise.all([api.getDataLocation({}), api.listBackups({})]).then(
        ([location, backups]) => setState({ status: 'ready', value: { location, backups } }),
        (error: Error) => setState({ status: 'failed', message: error.message }),
      ),
    [],
  );
  useEffect(() => {
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'connection.restored') void load();
    });
    void load();
    return unsubscribe;
  }, [load]);
  return { state, reload: load };
}

/**
 * Where this copy keeps its data (read-only: the folder is chosen when Muster starts) and its
 * backups: "Back up now" copies the store while Muster keeps working, checks the copy, and keeps
 * the newest few.
 */
export function DataSection() {
  const { t, i18n } = useTranslation('settings');
  const { state, reload } = useDataAndBackups();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<BackupResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const size = (bytes: number) => formatBytes(bytes, i18n.language);

  const backUp = useCallback(async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await api.backUpNow({}));
      await reload();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }, [reload]);

  const commands = useMemo<Command[]>(
    () => [
      { id: 'settings-back-up', label: t('data.backUpNow'), keywords: ['backup'], run: () => void backUp() },
    ],
    [t, backUp],
  );
  useCommands('settings-data', commands);

  return (
    <section className="settings-section" aria-labelledby="settings-data">
      <h3 id="settings-data">{t('data.title')}</h3>
      {state.status === 'loading' && <p className="settings-hint">{t('data.loading')}</p>}
      {state.status === 'failed' && (
        <p role="alert" className="settings-error">
          {t('data.failed', { message: state.message })}
        </p>
      )}
      {state.status === 'ready' && (
        <>
          <Location location={state.value.location} size={size} />
          <h4 id="settings-backups">{t('backups.title')}</h4>
          <p className="settings-hint">
            {t('backups.intro', { folder: state.value.backups.folder, keep: state.value.backups.keep })}
          </p>
          <div className="settings-row">
            <Button onClick={() => void backUp()} loading={busy}>
              {t('data.backUpNow')}
            </Button>
          </div>
          <BackupTable backups={state.value.backups} size={size} />
        </>
      )}
      <p role="status" className="settings-hint">
        {busy && t('backups.running')}
        {done && t('backups.done', { name: done.backup.name, size: size(done.backup.bytes) })}
        {done && done.removed.length > 0 && ` ${t('backups.removed', { names: done.removed.join(', ') })}`}
      </p>
      {error && (
        <p role="alert" className="settings-error">
          {t('backups.failed', { message: error })}
        </p>
      )}
    </section>
  );
}

function Location({ location, size }: { location: DataLocation; size: (bytes: number) => string }) {
  const { t } = useTranslation('settings');
  const clipboard = useClipboard({ timeout: 2000 });
  return (
    <>
      <p className="settings-hint">{t('data.intro')}</p>
      <dl className="settings-facts">
        <dt>{t('data.folder')}</dt>
        <dd className="settings-row">
          <code>{location.dataDir}</code>
          <Button size="compact-sm" variant="default" onClick={() => clipboard.copy(location.dataDir)}>
            {clipboard.copied ? t('data.copied') : t('data.copy')}
          </Button>
          {clipboard.error && <span className="settings-hint">{t('data.copyFailed')}</span>}
        </dd>
        <dt>{t('data.store')}</dt>
        <dd>
          <code>{location.storeFile}</code>
        </dd>
        <dt>{t('data.storeSize')}</dt>
        <dd>{size(location.storeBytes)}</dd>
        <dt>{t('data.free')}</dt>
        <dd>{location.freeBytes === null ? t('data.freeUnknown') : size(location.freeBytes)}</dd>
      </dl>
    </>
  );
}

function BackupTable({ backups, size }: { backups: BackupList; size: (bytes: number) => string }) {
  const { t } = useTranslation('settings');
  if (backups.backups.length === 0) return <p className="settings-hint">{t('backups.none')}</p>;
  return (
    <Table aria-labelledby="settings-backups" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('backups.columns.name')}</Table.Th>
          <Table.Th>{t('backups.columns.taken')}</Table.Th>
          <Table.Th>{t('backups.columns.size')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {backups.backups.map((backup) => (
          <Table.Tr key={backup.name}>
            <Table.Td>
              <code>{backup.name}</code>
            </Table.Td>
            <Table.Td>
              <Time instant={backup.createdAt} />
            </Table.Td>
            <Table.Td>{size(backup.bytes)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

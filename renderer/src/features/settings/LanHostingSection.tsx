import { Switch, TextInput } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../shared/sync';
import { api } from '../../api';
import { useCommands, type Command } from '../../app/commands';

const DEFAULT_HOST = '0.0.0.0';
const DEFAULT_PORT = '4871';

/** The address and port of a hosted hub, `ws://0.0.0.0:4871` or `ws://[::]:4871`, for the form. */
export function lanAddress(lanHub: string | null): { host: string; port: string } {
  if (!lanHub) return { host: DEFAULT_HOST, port: DEFAULT_PORT };
  const url = new URL(lanHub);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || '80' };
}

/**
 * Hosting a hub for the LAN, so copies nearby sync with each other when the city's hub is out of
 * reach. Address and port are chosen while it is off; the switch (or the palette) turns it on and
 * off, and what the core answers is shown.
 */
export function LanHostingSection({
  sync,
  onChanged,
}: {
  sync: SyncStatus;
  onChanged: (status: SyncStatus) => void;
}) {
  const { t } = useTranslation('settings');
  const [address, setAddress] = useState(() => lanAddress(sync.lanHub));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hosting = sync.lanHub !== null;

  const setHosting = useCallback(
    async (enabled: boolean) => {
      setBusy(true);
      setError(null);
      try {
        onChanged(
          await api.setLanHosting({ enabled, host: address.host.trim(), port: Number(address.port) }),
        );
      } catch (failure) {
        setError((failure as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [address, onChanged],
  );

  const commands = useMemo<Command[]>(
    () => [
      {
        id: 'settings-lan-hosting',
        label: hosting ? t('lan.turnOff') : t('lan.turnOn'),
        run: () => void setHosting(!hosting),
      },
    ],
    [t, hosting, setHosting],
  );
  useCommands('settings', commands);

  return (
    <section className="settings-section" aria-labelledby="settings-lan">
      <h3 id="settings-lan">{t('lan.title')}</h3>
      <p className="settings-hint">{t('lan.intro')}</p>
      <div className="settings-row settings-inline-form">
        <TextInput
          label={t('lan.host')}
          description={t('lan.hostHint')}
          value={address.host}
          disabled={hosting || busy}
          onChange={(event) => setAddress({ ...address, host: event.currentTarget.value })}
        />
        <TextInput
          label={t('lan.port')}
          inputMode="numeric"
          value={address.port}
          disabled={hosting || busy}
          onChange={(event) => setAddress({ ...address, port: event.currentTarget.value })}
        />
      </div>
      <Switch
        label={t('lan.switch')}
        checked={hosting}
        disabled={busy}
        onChange={(event) => void setHosting(event.currentTarget.checked)}
      />
      <p role="status" className="settings-hint">
        {hosting ? t('lan.on', { hub: sync.lanHub }) : t('lan.off')}
      </p>
      {error && (
        <p role="alert" className="settings-error">
          {error}
        </p>
      )}
    </section>
  );
}

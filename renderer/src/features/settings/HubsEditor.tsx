import { Button, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../shared/sync';
import { api } from '../../api';

/** `list` with the item at `index` swapped with its neighbour `by` places away (-1 up, +1 down). */
export function moveItem<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return [...list];
  const moved = [...list];
  [moved[index], moved[to]] = [moved[to]!, moved[index]!];
  return moved;
}

/**
 * The hubs this copy syncs with, in order of preference: added, removed and reordered here, then
 * saved in one go. The core checks the addresses; its reason is shown when it refuses them.
 */
export function HubsEditor({
  initial,
  onSaved,
}: {
  initial: string[];
  onSaved: (status: SyncStatus) => void;
}) {
  const { t } = useTranslation('settings');
  const [hubs, setHubs] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changed = hubs.join('\n') !== saved.join('\n');

  const add = (event: FormEvent) => {
    event.preventDefault();
    const hub = draft.trim();
    if (!hub) return;
    // The core refuses a list naming a hub twice; saying so now keeps the list's rows distinct.
    if (hubs.includes(hub)) {
      setError(t('hubs.duplicate', { hub }));
      return;
    }
    setError(null);
    setHubs([...hubs, hub]);
    setDraft('');
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const status = await api.setSyncHubs({ hubs });
      setSaved(hubs);
      onSaved(status);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="hubs-editor">
      <h4 id="settings-hubs">{t('hubs.title')}</h4>
      {hubs.length === 0 ? (
        <p className="settings-hint">{t('hubs.none')}</p>
      ) : (
        <ol className="hub-list" aria-labelledby="settings-hubs">
          {hubs.map((hub, index) => (
            <li key={hub}>
              <code>{hub}</code>
              <span className="settings-row">
                <Button
                  size="compact-xs"
                  variant="default"
                  aria-label={t('hubs.moveUp', { hub })}
                  disabled={index === 0}
                  onClick={() => setHubs(moveItem(hubs, index, -1))}
                >
                  {t('hubs.up')}
                </Button>
                <Button
                  size="compact-xs"
                  variant="default"
                  aria-label={t('hubs.moveDown', { hub })}
                  disabled={index === hubs.length - 1}
                  onClick={() => setHubs(moveItem(hubs, index, 1))}
                >
                  {t('hubs.down')}
                </Button>
                <Button
                  size="compact-xs"
                  variant="default"
                  aria-label={t('hubs.remove', { hub })}
                  onClick={() => setHubs(hubs.filter((h) => h !== hub))}
                >
                  {t('hubs.removeShort')}
                </Button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <form className="settings-row settings-inline-form" onSubmit={add} aria-label={t('hubs.addForm')}>
        <TextInput
          label={t('hubs.address')}
          placeholder={t('hubs.placeholder')}
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
        />
        <Button type="submit" variant="default" disabled={draft.trim() === ''}>
          {t('hubs.add')}
        </Button>
      </form>
      <div className="settings-row">
        <Button onClick={() => void save()} loading={saving}>
          {t('hubs.save')}
        </Button>
        {changed && <span className="settings-hint">{t('hubs.unsaved')}</span>}
      </div>
      {error && (
        <p role="alert" className="settings-error">
          {error}
        </p>
      )}
    </div>
  );
}

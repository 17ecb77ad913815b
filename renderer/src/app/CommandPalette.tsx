import { Kbd } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Spotlight, spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { allCommands, useCommandRegistry } from './commands';

export const PALETTE_SHORTCUT = 'mod+K';

/** Shortcuts as people read them: Ctrl on Windows and Linux, ⌘ on a Mac. */
export function describeShortcut(shortcut: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return shortcut
    .split('+')
    .map((key) => (key === 'mod' ? (mac ? '⌘' : 'Ctrl') : key.length === 1 ? key.toUpperCase() : key))
    .join('+');
}

/** Ctrl/Cmd+K: every registered command, searchable, each with its shortcut; the shortcuts work too. */
export function CommandPalette() {
  const { t } = useTranslation('app');
  const groups = useCommandRegistry((state) => state.groups);
  const commands = useMemo(() => allCommands(groups), [groups]);

  useHotkeys([
    [PALETTE_SHORTCUT, () => spotlight.open()],
    ...commands.filter((c) => c.shortcut).map((c): [string, () => void] => [c.shortcut!, c.run]),
  ]);

  const actions: SpotlightActionData[] = commands.map((command) => ({
    id: command.id,
    label: command.label,
    keywords: command.keywords,
    onClick: command.run,
    rightSection: command.shortcut ? (
      <Kbd aria-label={t('palette.shortcut', { keys: describeShortcut(command.shortcut) })}>
        {describeShortcut(command.shortcut)}
      </Kbd>
    ) : undefined,
  }));

  return (
    <Spotlight
      actions={actions}
      shortcut={null}
      nothingFound={t('palette.nothing')}
      highlightQuery
      limit={50}
      searchProps={{ placeholder: t('palette.search'), 'aria-label': t('palette.search') }}
    />
  );
}

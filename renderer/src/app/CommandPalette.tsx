import { Kbd } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Spotlight, spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/contract';
import { api } from '../api';
import { allCommands, useCommandRegistry } from './commands';
import { openIncident } from './navigation';

/** Typing settles before the store is searched. */
const SEARCH_DELAY_MS = 200;

/** Incidents whose title, description or log mention what was typed, newest mention first. */
function useIncidentSearch(query: string): SearchHit[] {
  const words = query.trim();
  // Hits are kept with the words they answer, so stale ones never show for newer typing.
  const [found, setFound] = useState<{ words: string; hits: SearchHit[] }>({ words: '', hits: [] });
  useEffect(() => {
    if (words.length < 2) return;
    let live = true;
    const timer = setTimeout(() => {
      api.searchIncidents({ query: words }).then(
        (hits) => live && setFound({ words, hits }),
        () => live && setFound({ words, hits: [] }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [words]);
  return found.words === words ? found.hits : [];
}

export const PALETTE_SHORTCUT = 'mod+K';

/** Shortcuts as people read them: Ctrl on Windows and Linux, ⌘ on a Mac. */
export function describeShortcut(shortcut: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return shortcut
    .split('+')
    .map((key) => {
      if (key === 'mod') return mac ? '⌘' : 'Ctrl';
      if (key === 'alt' && mac) return '⌥';
      return key.charAt(0).toUpperCase() + key.slice(1);
    })
    .join('+');
}

/**
 * Ctrl/Cmd+K: every registered command, searchable, each with its shortcut (the shortcuts work
 * too); below them, incidents found by full-text search for what was typed.
 */
export function CommandPalette() {
  const { t } = useTranslation('app');
  const groups = useCommandRegistry((state) => state.groups);
  const commands = useMemo(() => allCommands(groups), [groups]);
  const [query, setQuery] = useState('');
  const hits = useIncidentSearch(query);

  useHotkeys([
    [PALETTE_SHORTCUT, () => spotlight.open()],
    ...commands.filter((c) => c.shortcut).map((c): [string, () => void] => [c.shortcut!, c.run]),
  ]);

  const commandActions: SpotlightActionData[] = commands.map((command) => ({
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
  // One entry per incident, keeping its newest mention; the search already matched them.
  const incidentActions = [...new Map(hits.map((hit) => [hit.incidentId, hit])).values()].map((hit) => ({
    id: `incident-${hit.incidentId}`,
    label: hit.title,
    description: hit.snippet,
    keywords: [query],
    onClick: () => openIncident(hit.incidentId),
  }));

  return (
    <Spotlight
      actions={[
        ...commandActions,
        ...(incidentActions.length ? [{ group: t('palette.incidents'), actions: incidentActions }] : []),
      ]}
      query={query}
      onQueryChange={setQuery}
      shortcut={null}
      nothingFound={t('palette.nothing')}
      highlightQuery
      limit={50}
      searchProps={{ placeholder: t('palette.search'), 'aria-label': t('palette.search') }}
    />
  );
}

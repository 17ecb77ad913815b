import { ActionIcon, NavLink, Select, useMantineColorScheme } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { useMemo, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { NotificationsToggle } from '../features/notifications/NotificationsToggle';
import { useAttentionNotifications } from '../features/notifications/useAttentionNotifications';
import { LANGUAGES, setLanguage, type Language } from '../i18n/i18n';
import { CommandPalette, PALETTE_SHORTCUT, describeShortcut } from './CommandPalette';
import { useCommands, type Command } from './commands';
import { useNavigation, type View } from './navigation';

/** The views in the navigation, in order, with the keyboard shortcut that opens each. */
const NAV: ReadonlyArray<{ view: View['name']; key: string; shortcut: string }> = [
  { view: 'board', key: 'nav.board', shortcut: 'alt+1' },
  { view: 'playbooks', key: 'nav.playbooks', shortcut: 'alt+2' },
  { view: 'map', key: 'nav.map', shortcut: 'alt+3' },
  { view: 'settings', key: 'nav.settings', shortcut: 'alt+4' },
];

/**
 * The window's frame: the title bar (`header`), the views, and the command palette. Theme and
 * language are switched here and from the palette.
 */
export function AppShell({
  header,
  children,
  mainRef,
}: {
  header: ReactNode;
  children: ReactNode;
  /** The app focuses the main area when it replaces the whole page (after first run). */
  mainRef?: Ref<HTMLElement>;
}) {
  const { t, i18n } = useTranslation('app');
  const { view, go } = useNavigation();
  // keepTransitions: otherwise Mantine adds a <style> on every switch, which the CSP refuses.
  const { colorScheme, setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const other = colorScheme === 'dark' ? 'light' : 'dark';
  const otherName = t(`theme.${other}`);

  const commands = useMemo<Command[]>(
    () => [
      ...NAV.map((item) => ({
        id: `go-${item.view}`,
        label: t('palette.go', { view: t(item.key) }),
        shortcut: item.shortcut,
        run: () => go({ name: item.view } as View),
      })),
      {
        id: 'switch-theme',
        label: t('palette.switchTheme', { scheme: otherName }),
        shortcut: 'alt+T',
        run: () => setColorScheme(other),
      },
      ...LANGUAGES.map((language) => ({
        id: `language-${language.code}`,
        label: t('palette.language', { language: language.label }),
        keywords: [language.code],
        run: () => setLanguage(language.code),
      })),
    ],
    [t, go, other, otherName, setColorScheme],
  );
  useCommands('shell', commands);
  useAttentionNotifications();

  // A plain grid rather than Mantine's AppShell, which sizes itself with a <style> element that
  // the Content-Security-Policy refuses.
  return (
    <div className="shell">
      <header className="shell-header">
        {header}
        <div className="shell-controls">
          <NotificationsToggle />
          <Select
            aria-label={t('language.label')}
            size="xs"
            w={110}
            data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
            value={i18n.language}
            onChange={(value) => value && setLanguage(value as Language)}
            allowDeselect={false}
          />
          <ActionIcon
            variant="default"
            aria-label={t('theme.toggle', { scheme: otherName })}
            onClick={() => setColorScheme(other)}
          >
            <span aria-hidden="true">{colorScheme === 'dark' ? '☀' : '☾'}</span>
          </ActionIcon>
          <ActionIcon
            variant="default"
            aria-label={`${t('palette.open')} (${describeShortcut(PALETTE_SHORTCUT)})`}
            onClick={() => spotlight.open()}
          >
            <span aria-hidden="true">⌘</span>
          </ActionIcon>
        </div>
      </header>
      <nav className="shell-nav" aria-label={t('nav.label')}>
        {NAV.map((item) => (
          <NavLink
            key={item.view}
            component="button"
            label={t(item.key)}
            active={view.name === item.view}
            onClick={() => go({ name: item.view } as View)}
            aria-current={view.name === item.view ? 'page' : undefined}
          />
        ))}
      </nav>
      <main className="shell-main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
      <CommandPalette />
    </div>
  );
}

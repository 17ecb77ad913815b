import '@mantine/core/styles.css';
import '@mantine/spotlight/styles.css';
import '../i18n/i18n';
import { MantineProvider, createTheme } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * Mantine with the app's strict Content-Security-Policy (`style-src 'self'`): its default theme's
 * variables come from its static stylesheet, so it must not inject <style> elements at run time.
 * Colours the app changes live in styles.css. Dark by default, for control rooms at night.
 */
const theme = createTheme({});

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider
      theme={theme}
      defaultColorScheme="dark"
      withCssVariables={false}
      withGlobalClasses={false}
    >
      {children}
    </MantineProvider>
  );
}

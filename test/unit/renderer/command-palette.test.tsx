import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeDesktopApi, summary, withFakeApi, type FakeApi } from './fake-api';

async function renderShell(fake: FakeApi) {
  const { AppShell } = await withFakeApi(fake, () => import('../../../renderer/src/app/AppShell'));
  const { Providers } = await import('../../../renderer/src/app/Providers');
  const { useNavigation } = await import('../../../renderer/src/app/navigation');
  const { setLanguage } = await import('../../../renderer/src/i18n/i18n');
  setLanguage('en');
  render(
    <Providers>
      <AppShell header={<span>Muster</span>}>
        <p>view</p>
      </AppShell>
    </Providers>,
  );
  return { useNavigation, setLanguage };
}

const openPalette = () => fireEvent.keyDown(document.documentElement, { key: 'k', ctrlKey: true });

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  delete window.muster;
});

// The first test also pays for loading the UI library.
describe('the command palette', { timeout: 20_000 }, () => {
  it('opens with Ctrl+K and lists commands with their shortcuts', async () => {
    await renderShell(fakeDesktopApi());
    openPalette();
    const search = await screen.findByRole('textbox', { name: 'Type a command or an incident' });
    expect(search).toBeTruthy();
    const goBoard = await screen.findByRole('button', { name: /Go to Board/ });
    expect(goBoard.textContent).toContain('Alt+1');
    expect(
      within(screen.getByRole('dialog')).getByRole('button', { name: /Switch to the light theme/ }),
    ).toBeTruthy();
  });

  it('runs a command: switching the theme', async () => {
    await renderShell(fakeDesktopApi());
    expect(document.documentElement.getAttribute('data-mantine-color-scheme')).toBe('dark');
    openPalette();
    const palette = await screen.findByRole('dialog');
    fireEvent.click(within(palette).getByRole('button', { name: /Switch to the light theme/ }));
    await waitFor(() =>
      expect(document.documentElement.getAttribute('data-mantine-color-scheme')).toBe('light'),
    );
  });

  it('finds incidents by full-text search and opens the one chosen', async () => {
    const fake = fakeDesktopApi({
      incidents: [summary('gas', 'Gas leak on Harbour Rd'), summary('flood', 'Flooded underpass')],
    });
    const { useNavigation } = await renderShell(fake);
    openPalette();
    fireEvent.change(await screen.findByRole('textbox', { name: 'Type a command or an incident' }), {
      target: { value: 'harbour' },
    });
    const hit = await screen.findByRole('button', { name: /Gas leak on Harbour Rd/ }, { timeout: 2_000 });
    expect(fake.api.searchIncidents).toHaveBeenCalledWith({ query: 'harbour' });
    expect(screen.queryByRole('button', { name: /Flooded underpass/ })).toBeNull();
    fireEvent.click(hit);
    expect(useNavigation.getState().view).toEqual({ name: 'incident', incidentId: 'gas' });
  });

  it('switches the language from the palette', async () => {
    await renderShell(fakeDesktopApi());
    openPalette();
    fireEvent.click(await screen.findByRole('button', { name: /Language: 简体中文/ }));
    await act(async () => undefined);
    expect(await screen.findByRole('navigation', { name: '视图' })).toBeTruthy();
  });
});

import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { backupFile, DATA_DIR, fakeDesktopApi, withFakeApi, type FakeApi } from './fake-api';

// The first import transforms the section and the UI library, which can take seconds on a busy machine.
beforeAll(async () => {
  await import('../../../renderer/src/features/settings/DataSection');
  await import('../../../renderer/src/app/Providers');
}, 60_000);

afterEach(() => {
  cleanup();
  delete window.muster;
  vi.unstubAllGlobals();
});

async function renderSection(fake: FakeApi) {
  const { DataSection, Providers } = await withFakeApi(fake, async () => ({
    ...(await import('../../../renderer/src/features/settings/DataSection')),
    ...(await import('../../../renderer/src/app/Providers')),
  }));
  render(
    <Providers>
      <DataSection />
    </Providers>,
  );
  await screen.findByText(DATA_DIR);
  return fake;
}

const backupRows = () =>
  within(screen.getByRole('table', { name: 'Backups' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);

describe('data location', () => {
  it('shows the data folder, the store with its size, and the free space on its disk', async () => {
    await renderSection(fakeDesktopApi());
    const facts = (term: string) => screen.getByText(term).nextElementSibling?.textContent;
    expect(facts('Data folder')).toContain(DATA_DIR);
    expect(facts('Store file')).toBe(`${DATA_DIR}/muster.db`);
    expect(facts('Store size')).toBe('12.3 MB');
    expect(facts('Free on this disk')).toBe('48 GB');
    expect(screen.getByText(/chosen when Muster starts, with --data or the MUSTER_DATA/)).toBeTruthy();
    // Read-only: nothing here edits the location.
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('copies the data folder path', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await renderSection(fakeDesktopApi());
    fireEvent.click(screen.getByRole('button', { name: 'Copy path' }));
    await screen.findByRole('button', { name: 'Copied' });
    expect(writeText).toHaveBeenCalledWith(DATA_DIR);
  });
});

describe('backups', () => {
  it('lists the backups newest first, and says there are none before the first', async () => {
    await renderSection(fakeDesktopApi({ backups: [backupFile(7), backupFile(3)] }));
    expect(backupRows()).toEqual(['muster-2026-03-01T080700Z.db', 'muster-2026-03-01T080300Z.db']);
    cleanup();
    await renderSection(fakeDesktopApi());
    expect(screen.getByText('No backups yet.')).toBeTruthy();
    expect(screen.getByText(/newest 10 are kept and older ones are removed/)).toBeTruthy();
  });

  it('backs up on click, reports the checked copy, and lists it', async () => {
    const fake = await renderSection(fakeDesktopApi({ backups: [backupFile(0)] }));
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        "Backed up to muster-2026-03-01T080100Z.db (12.3 MB); the copy passed SQLite's integrity check.",
      ),
    );
    expect(fake.api.backUpNow).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(backupRows()).toEqual(['muster-2026-03-01T080100Z.db', 'muster-2026-03-01T080000Z.db']),
    );
  });

  it('says which older backups a backup removed', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => backupFile(9 - i));
    await renderSection(fakeDesktopApi({ backups: ten }));
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /Removed older backups: muster-2026-03-01T080000Z\.db\.$/,
      ),
    );
  });

  it('shows why a backup failed and keeps the list as it was', async () => {
    const fake = fakeDesktopApi({ backups: [backupFile(0)] });
    fake.api.backUpNow.mockRejectedValueOnce(new Error('a backup is already running; wait for it to finish'));
    await renderSection(fake);
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The backup failed: a backup is already running; wait for it to finish',
    );
    expect(backupRows()).toEqual(['muster-2026-03-01T080000Z.db']);
  });
});

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '../../../shared/identity';
import { frameFor } from '../../../renderer/src/features/map/projection';
import { fakeDesktopApi, summary, withFakeApi, type FakeApi } from './fake-api';

async function renderMap(fake: FakeApi, canChooseSource = false) {
  const { MapView } = await withFakeApi(fake, () => import('../../../renderer/src/features/map/MapView'));
  const { Providers } = await import('../../../renderer/src/app/Providers');
  const { useNavigation } = await import('../../../renderer/src/app/navigation');
  render(
    <Providers>
      <MapView departments={DEFAULT_DEPARTMENTS} canChooseSource={canChooseSource} />
    </Providers>,
  );
  return useNavigation;
}

beforeEach(async () => {
  const { setLanguage } = await import('../../../renderer/src/i18n/i18n');
  setLanguage('en');
});
afterEach(() => {
  cleanup();
  delete window.muster;
});

describe('the coordinate canvas', () => {
  it('fits the incidents with a margin, north up, keeping east-west proportions at their latitude', () => {
    const frame = frameFor([
      { lat: 52.3, lon: 4.8 },
      { lat: 52.4, lon: 5.0 },
    ])!;
    const sw = frame.toXY({ lat: 52.3, lon: 4.8 });
    const ne = frame.toXY({ lat: 52.4, lon: 5.0 });
    for (const p of [sw, ne]) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(frame.width);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(frame.height);
    }
    expect(ne.y).toBeLessThan(sw.y);
    // 0.2° of longitude at 52.35° N is about 0.122° of latitude in length: the box is wider than tall.
    expect((ne.x - sw.x) / (sw.y - ne.y)).toBeCloseTo((0.2 * Math.cos((52.35 * Math.PI) / 180)) / 0.1, 5);
    expect(frame.latLines.every((lat) => Number.isFinite(lat))).toBe(true);
    expect(frame.lonLines.length).toBeGreaterThanOrEqual(2);
  });

  it('shows a neighbourhood around a single incident, and nothing without positions', () => {
    const frame = frameFor([{ lat: 40, lon: -74 }])!;
    expect(frame.toXY({ lat: 40, lon: -74 })).toEqual({ x: frame.width / 2, y: frame.height / 2 });
    expect(frameFor([])).toBeNull();
  });
});

describe('MapView', () => {
  const incidents = () => [
    summary('gas', 'Gas leak on Harbour Rd', { severity: 'major', position: { lat: 52.37, lon: 4.89 } }),
    summary('flood', 'Flooded underpass', { severity: 'moderate', position: { lat: 52.35, lon: 4.92 } }),
    summary('phish', 'Phishing wave', { severity: 'minor', areaName: 'City Hall' }),
    summary('old', 'Closed long ago', { status: 'closed', position: { lat: 52.3, lon: 4.8 } }),
  ];

  it('draws each active incident with coordinates as a marker, lists the rest, and sends nothing anywhere', async () => {
    const fake = fakeDesktopApi({ incidents: incidents() });
    await renderMap(fake);
    const canvas = await screen.findByRole('group', { name: '2 incidents by position' });
    const markers = within(canvas).getAllByRole('button');
    expect(markers.map((m) => m.getAttribute('aria-label'))).toEqual([
      'Gas leak on Harbour Rd, major, reported',
      'Flooded underpass, moderate, reported',
    ]);
    expect(screen.getByText(/No map tiles are configured/)).toBeTruthy();
    const unplaced = screen.getByRole('table', { name: 'Not on the map (no coordinates)' });
    expect(within(unplaced).getByText('Phishing wave')).toBeTruthy();
    expect(within(unplaced).getByText('City Hall')).toBeTruthy();
    expect(screen.queryByText('Closed long ago')).toBeNull();
  });

  it('opens an incident from its marker by click or keyboard, and from the list', async () => {
    const navigation = await renderMap(fakeDesktopApi({ incidents: incidents() }));
    const marker = await screen.findByRole('button', { name: 'Flooded underpass, moderate, reported' });
    fireEvent.click(marker);
    expect(navigation.getState().view).toEqual({ name: 'incident', incidentId: 'flood' });
    act(() => navigation.getState().go({ name: 'map' }));
    fireEvent.keyDown(screen.getByRole('button', { name: 'Gas leak on Harbour Rd, major, reported' }), {
      key: 'Enter',
    });
    expect(navigation.getState().view).toEqual({ name: 'incident', incidentId: 'gas' });
    fireEvent.click(screen.getByRole('button', { name: 'Open Phishing wave' }));
    expect(navigation.getState().view).toEqual({ name: 'incident', incidentId: 'phish' });
  });

  it('moves a marker when an incident is given a position, live', async () => {
    const fake = fakeDesktopApi({ incidents: incidents() });
    await renderMap(fake);
    await screen.findByRole('group', { name: '2 incidents by position' });
    act(() =>
      fake.push({
        type: 'incident.changed',
        incident: summary('phish', 'Phishing wave', {
          severity: 'minor',
          position: { lat: 52.36, lon: 4.9 },
        }),
      }),
    );
    expect(await screen.findByRole('group', { name: '3 incidents by position' })).toBeTruthy();
  });

  it('speaks Simplified Chinese when switched', async () => {
    const { setLanguage } = await import('../../../renderer/src/i18n/i18n');
    await renderMap(fakeDesktopApi({ incidents: incidents() }));
    act(() => setLanguage('zh-CN'));
    expect(await screen.findByRole('group', { name: '按位置显示的 2 个事件' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Gas leak on Harbour Rd，重大，已报告' })).toBeTruthy();
  });

  it('lets an administrator choose the tile source, and keeps the grid where WebGL is missing', async () => {
    const fake = fakeDesktopApi({ incidents: incidents() });
    await renderMap(fake, true);
    const form = await screen.findByRole('form', { name: 'Choose the map tile source' });
    fireEvent.click(within(form).getByRole('radio', { name: 'Tile server' }));
    fireEvent.change(within(form).getByRole('textbox', { name: /Tile URL/ }), {
      target: { value: 'https://tiles.example/{z}/{x}/{y}.png' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Save for the workspace' }));
    expect(await screen.findByText(/Tiles from the tile server https:\/\/tiles\.example/)).toBeTruthy();
    expect(fake.api.setMapSource).toHaveBeenCalledWith({
      source: { kind: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png' },
    });
    const chosen = screen.getByText(/^Chosen by Ana Lindqvist,/);
    expect(chosen.querySelector('time')?.getAttribute('dateTime')).toBe('2026-03-01T08:00:00.000Z');
    // jsdom draws no WebGL: the incidents stay on the grid, and the view says why.
    expect(screen.getByText(/cannot draw the tile map/)).toBeTruthy();
    expect(screen.getByRole('group', { name: '2 incidents by position' })).toBeTruthy();
  });

  it('shows everyone else the source read-only', async () => {
    await renderMap(fakeDesktopApi({ incidents: incidents() }));
    expect(await screen.findByText(/An administrator chooses where map tiles come from/)).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Choose the map tile source' })).toBeNull();
  });
});

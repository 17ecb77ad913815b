/**
 * Positions on a plain coordinate canvas, for when no map tiles are configured (offline, first
 * run): an equirectangular projection whose east-west scale is corrected at the middle latitude, so
 * a city's layout keeps its proportions, fitted to the incidents with a margin.
 */
export type Position = { lat: number; lon: number };
export type Frame = {
  /** SVG user units. */
  width: number;
  height: number;
  toXY(position: Position): { x: number; y: number };
  /** Grid lines at round numbers of degrees inside the frame. */
  latLines: number[];
  lonLines: number[];
};

/** With one incident (or all in one place) the canvas still shows a neighbourhood around it. */
const MIN_SPAN_DEGREES = 0.02;
const MARGIN = 0.1;
const WIDTH = 1000;

export function frameFor(positions: readonly Position[]): Frame | null {
  if (positions.length === 0) return null;
  const lats = positions.map((p) => p.lat);
  const lons = positions.map((p) => p.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const xScale = Math.cos((midLat * Math.PI) / 180);
  const span = (min: number, max: number) => {
    const width = Math.max(max - min, MIN_SPAN_DEGREES);
    const centre = (min + max) / 2;
    return [centre - (width / 2) * (1 + MARGIN * 2), centre + (width / 2) * (1 + MARGIN * 2)] as const;
  };
  const [south, north] = span(Math.min(...lats), Math.max(...lats));
  const [west, east] = span(Math.min(...lons), Math.max(...lons));
  const scale = WIDTH / ((east - west) * xScale);
  const height = Math.max(200, (north - south) * scale);
  const toXY = ({ lat, lon }: Position) => ({
    x: (lon - west) * xScale * scale,
    y: height / 2 - (lat - (south + north) / 2) * scale,
  });
  return { width: WIDTH, height, toXY, latLines: gridLines(south, north), lonLines: gridLines(west, east) };
}

/** Round-numbered lines, about five across the span. */
function gridLines(min: number, max: number): number[] {
  const rough = (max - min) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const lines: number[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max; value += step)
    lines.push(Number(value.toFixed(6)));
  return lines;
}

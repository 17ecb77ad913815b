/** The result of each figure and the compact table `npm run bench` prints. */

export type Figure = {
  id: string;
  /** Short name for the table. */
  name: string;
  /** What was measured on what data, one line. */
  data: string;
  muster: string;
  baseline: string;
  /** Muster divided by the baseline (time, so lower is better; 1.00x = no overhead). */
  ratio: number;
  /** Which numbers the ratio divides: p95 latencies, total times... */
  ratioOf: string;
  target: string;
  /** null: reported for information, no target of its own. */
  met: boolean | null;
  notes: string[];
  /** Raw numbers for --json. */
  raw: Record<string, unknown>;
};

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}

export const formatRatio = (ratio: number): string =>
  !Number.isFinite(ratio) ? 'n/a' : ratio >= 10 ? `${ratio.toFixed(0)}x` : `${ratio.toFixed(2)}x`;

export function formatTable(figures: readonly Figure[]): string {
  const header = ['#', 'figure', 'Muster', 'baseline (same run)', 'ratio', 'target', 'met'];
  const rows = figures.map((f, i) => [
    String(i + 1),
    f.name,
    f.muster,
    f.baseline,
    `${formatRatio(f.ratio)} ${f.ratioOf}`,
    f.target,
    f.met === null ? '-' : f.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows) out.push(line(row));
  out.push('');
  figures.forEach((f, i) => {
    out.push(`${i + 1}. ${f.data}`);
    for (const note of f.notes) out.push(`   ${note}`);
  });
  return out.join('\n');
}

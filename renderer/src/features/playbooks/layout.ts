/**
 * Where each step of a playbook sits in its drawing. Steps run left to right in layers: a step's
 * layer is one more than the highest layer of the steps it comes after (its `after` list and the
 * decisions whose options open it); steps that wait for nothing are in layer 0. Within a layer,
 * steps keep their order in the template, which is the order their authors think of them in.
 */
import type { PlaybookTemplate, StepKind } from '../../../../shared/playbook';

type Step = PlaybookTemplate['steps'][number];

/** A prerequisite: `to` waits for `from`. From a decision, the labels of the options that open `to`. */
export type GraphEdge = { from: string; to: string; options: string[] };

export type GraphNode = {
  id: string;
  title: string;
  kind: StepKind;
  department: string | null;
  layer: number;
  /** Position within its layer, from the top. */
  row: number;
  /** Top-left corner of the step's box. */
  x: number;
  y: number;
};

export type StepGraph = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  layers: number;
  width: number;
  height: number;
};

/** Box size and spacing; the gap between layers leaves room for a decision option's label. */
export const BOX = { width: 200, height: 52, gapX: 150, gapY: 22, margin: 12, labelOffset: 8 } as const;

/**
 * Every prerequisite once. A decision option that opens a step is the more telling edge, so it
 * replaces a plain `after` between the same two steps; several options opening one step share it.
 */
export function stepEdges(steps: readonly Step[]): GraphEdge[] {
  const ids = new Set(steps.map((s) => s.id));
  const edges = new Map<string, GraphEdge>();
  const add = (from: string, to: string, option?: string) => {
    if (!ids.has(from) || !ids.has(to)) return;
    const key = `${from}\n${to}`;
    const edge = edges.get(key) ?? { from, to, options: [] };
    if (option !== undefined) edge.options.push(option);
    edges.set(key, edge);
  };
  for (const step of steps) {
    for (const option of step.options ?? []) for (const to of option.opens) add(step.id, to, option.label);
  }
  for (const step of steps) for (const from of step.after) add(from, step.id);
  return [...edges.values()];
}

/** Each step's layer (see the top of this file). */
export function stepLayers(steps: readonly Step[], edges: readonly GraphEdge[]): Map<string, number> {
  const before = new Map<string, string[]>(steps.map((s) => [s.id, []]));
  for (const edge of edges) before.get(edge.to)!.push(edge.from);
  const layers = new Map<string, number>();
  const visiting = new Set<string>();
  const layerOf = (id: string): number => {
    const known = layers.get(id);
    if (known !== undefined) return known;
    // The core refuses templates with cycles; this only keeps a broken one from hanging the view.
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const layer = Math.max(-1, ...before.get(id)!.map(layerOf)) + 1;
    visiting.delete(id);
    layers.set(id, layer);
    return layer;
  };
  for (const step of steps) layerOf(step.id);
  return layers;
}

/** The whole drawing: boxes placed by layer and row, the edges between them, and its size. */
export function layoutSteps(steps: readonly Step[]): StepGraph {
  const edges = stepEdges(steps);
  const layers = stepLayers(steps, edges);
  const rowsUsed: number[] = [];
  const nodes = steps.map((step): GraphNode => {
    const layer = layers.get(step.id)!;
    const row = rowsUsed[layer] ?? 0;
    rowsUsed[layer] = row + 1;
    return {
      id: step.id,
      title: step.title,
      kind: step.kind,
      department: step.owner.department ?? null,
      layer,
      row,
      x: BOX.margin + layer * (BOX.width + BOX.gapX),
      y: BOX.margin + row * (BOX.height + BOX.gapY),
    };
  });
  const columns = rowsUsed.length;
  const rows = Math.max(0, ...rowsUsed);
  return {
    nodes,
    edges,
    layers: columns,
    width: 2 * BOX.margin + columns * BOX.width + Math.max(0, columns - 1) * BOX.gapX,
    height: 2 * BOX.margin + rows * BOX.height + Math.max(0, rows - 1) * BOX.gapY,
  };
}

/**
 * An arrow from the right edge of `from`'s box to the left edge of `to`'s, as an S-curve. Its label
 * (a decision's option) ends just before the arrowhead, above the line: the options of one decision
 * fan out to different steps, so each label sits by the step it opens rather than all in one spot.
 */
export function edgeGeometry(
  from: GraphNode,
  to: GraphNode,
): { path: string; labelX: number; labelY: number } {
  const x1 = from.x + BOX.width;
  const y1 = from.y + BOX.height / 2;
  const x2 = to.x;
  const y2 = to.y + BOX.height / 2;
  const bend = BOX.gapX / 2;
  return {
    path: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
    labelX: x2 - BOX.labelOffset,
    labelY: y2 - BOX.labelOffset,
  };
}

import { describe, expect, it } from 'vitest';
import {
  BOX,
  edgeGeometry,
  layoutSteps,
  stepEdges,
  stepLayers,
} from '../../../renderer/src/features/playbooks/layout';
import { branchingTemplate, step } from './playbooks-fixtures';

const steps = branchingTemplate.steps;

describe('playbook graph layout', () => {
  it('draws an edge for every prerequisite, decision options labelled with what they open', () => {
    const edges = stepEdges(steps);
    expect(edges).toHaveLength(7);
    expect(edges).toEqual(
      expect.arrayContaining([
        { from: 'assess', to: 'decide', options: [] },
        { from: 'assess', to: 'notify-police', options: [] },
        // `after: [decide]` and the option opening it are one edge, carrying the option's label.
        { from: 'decide', to: 'switch-load', options: ['Quick restore'] },
        // Opened only by an option: the decision is still its prerequisite.
        { from: 'decide', to: 'generators', options: ['Long repair'] },
        { from: 'decide', to: 'stop-signs', options: ['Long repair'] },
        { from: 'switch-load', to: 'restore', options: [] },
        { from: 'generators', to: 'restore', options: [] },
      ]),
    );
  });

  it('puts each step one layer after the latest of its prerequisites', () => {
    const layers = stepLayers(steps, stepEdges(steps));
    expect(Object.fromEntries(layers)).toEqual({
      assess: 0,
      decide: 1,
      'notify-police': 1,
      'switch-load': 2,
      generators: 2,
      'stop-signs': 2,
      restore: 3,
    });
  });

  it('takes the longest way in: a step after steps in different layers goes after the later one', () => {
    const chain = [
      step('a'),
      step('b', { after: ['a'] }),
      step('c', { after: ['b'] }),
      step('d', { after: ['a', 'c'] }),
    ];
    expect(stepLayers(chain, stepEdges(chain)).get('d')).toBe(3);
  });

  it('shares one edge between several options that open the same step', () => {
    const edges = stepEdges([
      step('choose', {
        kind: 'decision',
        options: [
          { id: 'yes', label: 'Yes', opens: ['act'] },
          { id: 'later', label: 'Later', opens: ['act'] },
        ],
      }),
      step('act'),
    ]);
    expect(edges).toEqual([{ from: 'choose', to: 'act', options: ['Yes', 'Later'] }]);
  });

  it('places boxes in columns by layer and rows in template order, and sizes the drawing', () => {
    const graph = layoutSteps(steps);
    const at = (id: string) => graph.nodes.find((n) => n.id === id)!;
    expect(graph.layers).toBe(4);
    expect([at('decide').row, at('notify-police').row]).toEqual([0, 1]);
    expect([at('switch-load').row, at('generators').row, at('stop-signs').row]).toEqual([0, 1, 2]);
    expect(at('generators')).toMatchObject({
      x: BOX.margin + 2 * (BOX.width + BOX.gapX),
      y: BOX.margin + BOX.height + BOX.gapY,
      kind: 'task',
      department: 'energy',
    });
    expect(at('decide').department).toBeNull();
    expect(graph.width).toBe(2 * BOX.margin + 4 * BOX.width + 3 * BOX.gapX);
    expect(graph.height).toBe(2 * BOX.margin + 3 * BOX.height + 2 * BOX.gapY);
  });

  it('runs an arrow from the right side of one box to the left side of the next, label by its end', () => {
    const graph = layoutSteps(steps);
    const at = (id: string) => graph.nodes.find((n) => n.id === id)!;
    const { path, labelX, labelY } = edgeGeometry(at('decide'), at('generators'));
    const [x1, y1, x2, y2] = [
      at('decide').x + BOX.width,
      at('decide').y + BOX.height / 2,
      at('generators').x,
      at('generators').y + BOX.height / 2,
    ];
    expect(path.startsWith(`M ${x1} ${y1} `)).toBe(true);
    expect(path.endsWith(`, ${x2} ${y2}`)).toBe(true);
    // Ends just before the arrowhead, above the line.
    expect(labelX).toBeLessThan(x2);
    expect(labelX).toBeGreaterThan(x2 - BOX.gapX / 4);
    expect(labelY).toBeLessThan(y2);
  });
});

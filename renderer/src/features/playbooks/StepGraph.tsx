import { useId, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../shared/identity';
import { BOX, edgeGeometry, type StepGraph as Graph } from './layout';

/** SVG text does not wrap: long titles and labels are cut to fit their box (the list has them whole). */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The steps as a drawing, left to right by layer: one box per step with its kind and its owning
 * department's colour, arrows from what each step waits for, decision arrows labelled with the
 * option that opens them. It is one image to assistive technology; the step list beside it says
 * the same in words.
 */
export function StepGraph({
  graph,
  title,
  departments,
}: {
  graph: Graph;
  title: string;
  departments: readonly Department[];
}) {
  const { t } = useTranslation('playbooks');
  const arrow = useId();
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const decisions = graph.nodes.filter((node) => node.kind === 'decision').length;
  const colour = (id: string | null) => departments.find((d) => d.id === id)?.colour;

  return (
    // Wide playbooks scroll sideways; the frame takes focus so the keyboard can scroll it too.
    <div className="step-graph" role="group" aria-label={t('graph.frame')} tabIndex={0}>
      <svg
        role="img"
        aria-label={t('graph.summary', { title, steps: graph.nodes.length, layers: graph.layers, decisions })}
        width={graph.width}
        height={graph.height}
        viewBox={`0 0 ${graph.width} ${graph.height}`}
      >
        <defs>
          <marker
            id={arrow}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className="step-graph-arrowhead" />
          </marker>
        </defs>
        {graph.edges.map((edge) => {
          const { path, labelX, labelY } = edgeGeometry(byId.get(edge.from)!, byId.get(edge.to)!);
          const decision = edge.options.length > 0;
          return (
            <g key={`${edge.from} ${edge.to}`} className={decision ? 'step-edge is-decision' : 'step-edge'}>
              <path d={path} markerEnd={`url(#${arrow})`} />
              {decision && (
                <text x={labelX} y={labelY} textAnchor="end">
                  {clip(edge.options.join(' / '), 22)}
                </text>
              )}
            </g>
          );
        })}
        {graph.nodes.map((node) => (
          <g
            key={node.id}
            className={`step-node kind-${node.kind}`}
            transform={`translate(${node.x} ${node.y})`}
            style={{ '--owner-colour': colour(node.department) } as CSSProperties}
          >
            <title>{node.title}</title>
            <rect width={BOX.width} height={BOX.height} rx="6" className="step-box" />
            <rect width="6" height={BOX.height} rx="3" className="step-owner" />
            <circle cx="24" cy={BOX.height / 2} r="11" className="step-kind" />
            <text
              x="24"
              y={BOX.height / 2}
              textAnchor="middle"
              dominantBaseline="central"
              className="step-kind-letter"
            >
              {t(`kindLetter.${node.kind}`)}
            </text>
            <text x="42" y="21" className="step-title">
              {clip(node.title, 24)}
            </text>
            <text x="42" y="39" className="step-id">
              {clip(node.id, 26)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

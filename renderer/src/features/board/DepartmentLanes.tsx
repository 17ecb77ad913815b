import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../shared/identity';
import type { LaneCounts } from './board-view-model';
import type { OverdueState } from './useOverdueSteps';

/**
 * One card per department, headed in its colour: open incidents it leads, open incidents it is
 * involved in, and overdue playbook steps it owns. A card is a toggle that filters the list to
 * its department.
 */
export function DepartmentLanes({
  departments,
  counts,
  overdue,
  selected,
  onSelect,
}: {
  departments: readonly Department[];
  counts: ReadonlyMap<string, LaneCounts>;
  overdue: OverdueState;
  selected: string | null;
  onSelect: (department: string | null) => void;
}) {
  const { t } = useTranslation('board');
  const overdueOf = (id: string) =>
    overdue.status === 'ready' ? String(overdue.byDepartment.get(id) ?? 0) : t('lanes.unknown');
  return (
    <div className="board-lanes" role="group" aria-label={t('lanes.label')}>
      {departments.map((department) => {
        const lane = counts.get(department.id) ?? { leads: 0, involved: 0 };
        const pressed = selected === department.id;
        const late = overdue.status === 'ready' && (overdue.byDepartment.get(department.id) ?? 0) > 0;
        return (
          <button
            key={department.id}
            type="button"
            className="board-lane"
            data-department={department.id}
            aria-pressed={pressed}
            // Set through the CSSOM, which the CSP allows.
            style={{ '--department-colour': department.colour } as CSSProperties}
            onClick={() => onSelect(pressed ? null : department.id)}
          >
            <span className="board-lane-name">{department.name}</span>
            <span className="board-lane-counts">
              <span>{t('lanes.leads', { n: lane.leads })}</span>
              <span>{t('lanes.involved', { n: lane.involved })}</span>
              <span className={late ? 'board-lane-overdue' : undefined}>
                {t('lanes.overdue', { n: overdueOf(department.id) })}
              </span>
            </span>
          </button>
        );
      })}
      {overdue.status === 'failed' && (
        <p className="board-lanes-error" title={overdue.message}>
          {t('lanes.overdueFailed')}
        </p>
      )}
    </div>
  );
}

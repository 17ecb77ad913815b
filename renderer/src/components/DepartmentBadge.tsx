import type { CSSProperties } from 'react';
import type { Department } from '../../../shared/identity';

/**
 * A department by its name, with its colour as a swatch. A department this workstation does not know
 * (added elsewhere, not synced yet) shows by its id in a neutral colour.
 */
export function DepartmentBadge({ id, departments }: { id: string; departments: readonly Department[] }) {
  const department = departments.find((d) => d.id === id);
  // A custom property set through the CSSOM, which the CSP allows (unlike a style attribute in HTML).
  const colour = department ? ({ '--department-colour': department.colour } as CSSProperties) : undefined;
  return (
    <span className="department" data-department={id}>
      <span className="department-swatch" style={colour} aria-hidden="true" />
      {department?.name ?? id}
    </span>
  );
}

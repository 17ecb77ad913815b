import { Button, Checkbox, NativeSelect, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamsIn } from '../../../../shared/contract';
import type { IncidentDetail } from '../../../../shared/contract';
import type { Location } from '../../../../shared/incident-record/payloads';
import {
  CAP_CATEGORIES,
  PRIORITY_MAX,
  PRIORITY_MIN,
  SEVERITIES,
  TLP_LEVELS,
  type CapCategory,
  type Severity,
  type TlpLevel,
} from '../../../../shared/incident-record/vocabulary';
import { api } from '../../api';
import { ErrorAlert } from './ErrorAlert';
import { useRoom } from './room-context';
import { useAction } from './useAction';

type Draft = {
  title: string;
  severity: Severity;
  priority: number;
  tlp: TlpLevel;
  category: CapCategory;
  lead: string;
  departments: string[];
  address: string;
  area: string;
  description: string;
};

const draftOf = (record: IncidentDetail): Draft => ({
  title: record.title,
  severity: record.severity,
  priority: record.priority,
  tlp: record.tlp,
  category: record.category,
  lead: record.leadDepartment ?? '',
  departments: record.departments,
  address: record.location?.address ?? '',
  area: record.location?.area ?? '',
  description: record.description,
});

/** The location with the typed address and area, keeping coordinates set elsewhere (the map). */
function nextLocation(current: Location | null, address: string, area: string): Location | null {
  const { address: _address, area: _area, ...rest } = current ?? {};
  const next: Location = { ...rest };
  if (address.trim()) next.address = address.trim();
  if (area.trim()) next.area = area.trim();
  return Object.keys(next).length ? next : null;
}

/** Only what changed goes to the core, so a concurrent change to another field is not overwritten. */
function changes(record: IncidentDetail, draft: Draft): ParamsIn<'updateIncident'> {
  const params: ParamsIn<'updateIncident'> = { id: record.incidentId };
  if (draft.title.trim() !== record.title) params.title = draft.title.trim();
  if (draft.severity !== record.severity) params.severity = draft.severity;
  if (draft.priority !== record.priority) params.priority = draft.priority;
  if (draft.tlp !== record.tlp) params.tlp = draft.tlp;
  if (draft.category !== record.category) params.category = draft.category;
  if (draft.lead && draft.lead !== record.leadDepartment) params.leadDepartment = draft.lead;
  // The lead department always takes part in the incident.
  const wanted =
    draft.lead && !draft.departments.includes(draft.lead)
      ? [...draft.departments, draft.lead]
      : draft.departments;
  const added = wanted.filter((d) => !record.departments.includes(d));
  const removed = record.departments.filter((d) => !wanted.includes(d));
  if (added.length) params.addDepartments = added;
  if (removed.length) params.removeDepartments = removed;
  if (
    draft.address.trim() !== (record.location?.address ?? '') ||
    draft.area.trim() !== (record.location?.area ?? '')
  ) {
    params.location = nextLocation(record.location, draft.address, draft.area);
  }
  if (draft.description !== record.description) params.description = draft.description;
  return params;
}

/** Editing the incident's fields; the record stays as it is until the core accepts the change. */
export function EditIncidentForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('incident-room');
  const { record, departments, apply } = useRoom();
  const [draft, setDraft] = useState(() => draftOf(record));
  const action = useAction();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const known = departments.map((d) => ({ value: d.id, label: d.name }));
  const unknown = record.departments
    .filter((id) => !departments.some((d) => d.id === id))
    .map((id) => ({ value: id, label: id }));
  const choices = [...known, ...unknown];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const params = changes(record, draft);
    if (Object.keys(params).length === 1) return onDone();
    if (await action.run(async () => apply(await api.updateIncident(params)))) onDone();
  };

  return (
    <form className="edit-incident" aria-label={t('edit.label')} onSubmit={(e) => void submit(e)}>
      <TextInput
        size="xs"
        label={t('fields.title')}
        value={draft.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        required
      />
      <div className="edit-row">
        <NativeSelect
          size="xs"
          label={t('fields.severity')}
          value={draft.severity}
          onChange={(e) => set('severity', e.currentTarget.value as Severity)}
          data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
        />
        <NativeSelect
          size="xs"
          label={t('fields.priority')}
          value={String(draft.priority)}
          onChange={(e) => set('priority', Number(e.currentTarget.value))}
          data={Array.from({ length: PRIORITY_MAX - PRIORITY_MIN + 1 }, (_, i) => String(PRIORITY_MIN + i))}
        />
        <NativeSelect
          size="xs"
          label={t('fields.tlp')}
          value={draft.tlp}
          onChange={(e) => set('tlp', e.currentTarget.value as TlpLevel)}
          data={TLP_LEVELS.map((level) => ({ value: level, label: t('tlp.marker', { level }) }))}
        />
        <NativeSelect
          size="xs"
          label={t('fields.category')}
          value={draft.category}
          onChange={(e) => set('category', e.currentTarget.value as CapCategory)}
          data={[...CAP_CATEGORIES]}
        />
        <NativeSelect
          size="xs"
          label={t('fields.lead')}
          value={draft.lead}
          onChange={(e) => set('lead', e.currentTarget.value)}
          data={draft.lead ? choices : [{ value: '', label: t('common.none') }, ...choices]}
        />
      </div>
      <Checkbox.Group
        size="xs"
        label={t('fields.departments')}
        value={draft.departments}
        onChange={(value) => set('departments', value)}
      >
        <div className="checkbox-row">
          {choices.map((choice) => (
            <Checkbox key={choice.value} size="xs" value={choice.value} label={choice.label} />
          ))}
        </div>
      </Checkbox.Group>
      <div className="edit-row">
        <TextInput
          size="xs"
          label={t('fields.address')}
          value={draft.address}
          onChange={(e) => set('address', e.currentTarget.value)}
        />
        <TextInput
          size="xs"
          label={t('fields.area')}
          value={draft.area}
          onChange={(e) => set('area', e.currentTarget.value)}
        />
      </div>
      <Textarea
        size="xs"
        label={t('fields.description')}
        value={draft.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        rows={4}
      />
      <div className="row">
        <Button type="submit" size="xs" disabled={action.busy}>
          {t('edit.save')}
        </Button>
        <Button type="button" size="xs" variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
      <ErrorAlert error={action.error} />
    </form>
  );
}

import { Button, NativeSelect, TextInput } from '@mantine/core';
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITIES, TITLE_MAX_LENGTH, type Severity } from '../../../../shared/incident';
import type { Department } from '../../../../shared/identity';
import { CAP_CATEGORIES, type CapCategory } from '../../../../shared/incident-record';
import { api } from '../../api';
import { useSubmit } from '../../components/useSubmit';

/**
 * Quick entry for a new incident without leaving the board. The board picks the incident up from
 * the core's `incident.changed` event. Left at its default, the lead is the creator's department
 * (the core decides). Native selects: fast from the keyboard, and the e2e tests drive them.
 */
export function QuickCreateForm({
  departments,
  titleRef,
}: {
  departments: readonly Department[];
  /** The palette's "New incident" focuses the title here. */
  titleRef: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation('board');
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('major');
  const [category, setCategory] = useState<CapCategory>('Other');
  const [lead, setLead] = useState('');
  const { submit, submitting, error } = useSubmit(async () => {
    // Refused here too, so the reason is in the reader's language and nothing reaches the core.
    if (!title.trim()) throw new Error(t('create.emptyTitle'));
    await api.createIncident({ title, severity, category, ...(lead ? { leadDepartment: lead } : {}) });
    setTitle('');
  });

  return (
    <form className="board-create" onSubmit={submit} aria-label={t('create.label')}>
      <TextInput
        ref={titleRef}
        className="board-create-title"
        size="xs"
        name="title"
        label={t('create.title')}
        placeholder={t('create.titlePlaceholder')}
        value={title}
        maxLength={TITLE_MAX_LENGTH}
        autoComplete="off"
        onChange={(event) => setTitle(event.currentTarget.value)}
      />
      <NativeSelect
        size="xs"
        name="severity"
        label={t('create.severity')}
        value={severity}
        onChange={(event) => setSeverity(event.currentTarget.value as Severity)}
        data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
      />
      <NativeSelect
        size="xs"
        name="category"
        label={t('create.category')}
        value={category}
        onChange={(event) => setCategory(event.currentTarget.value as CapCategory)}
        data={CAP_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
      />
      <NativeSelect
        size="xs"
        name="leadDepartment"
        label={t('create.lead')}
        value={lead}
        onChange={(event) => setLead(event.currentTarget.value)}
        data={[
          { value: '', label: t('create.leadDefault') },
          ...departments.map((d) => ({ value: d.id, label: d.name })),
        ]}
      />
      {/* Mantine's default blue is too light for white text in the light theme (WCAG AA). */}
      <Button type="submit" size="xs" color="blue.8" disabled={submitting}>
        {submitting ? t('create.submitting') : t('create.submit')}
      </Button>
      {error && (
        <p role="alert" className="board-create-error">
          {error}
        </p>
      )}
    </form>
  );
}

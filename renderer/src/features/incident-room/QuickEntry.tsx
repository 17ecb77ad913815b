import { Button, NativeSelect, Textarea } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  NOTE_KINDS,
  TLP_LEVELS,
  type NoteKind,
  type TlpLevel,
} from '../../../../shared/incident-record/vocabulary';
import { api } from '../../api';
import { ErrorAlert } from './ErrorAlert';
import { useRoom } from './room-context';
import { useAction } from './useAction';

/**
 * Writing to the log as things happen: Enter adds the entry, Shift+Enter starts a new line. An
 * entry may be marked stricter than the incident (TLP); left unmarked it follows the incident's.
 */
export function QuickEntry({
  focusRequested,
  onFocused,
}: {
  focusRequested: boolean;
  onFocused: () => void;
}) {
  const { t } = useTranslation('incident-room');
  const { incidentId, record, apply } = useRoom();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<NoteKind>('note');
  const [tlp, setTlp] = useState<TlpLevel | ''>('');
  const action = useAction();
  const field = useRef<HTMLTextAreaElement>(null);

  // The palette's "Add log entry" asks for focus; it is taken once the log is on screen.
  useEffect(() => {
    if (!focusRequested) return;
    field.current?.focus();
    onFocused();
  }, [focusRequested, onFocused]);

  const add = async () => {
    if (!text.trim() || action.busy) return;
    const added = await action.run(async () =>
      apply(await api.addLogEntry({ id: incidentId, text, noteKind: kind, ...(tlp ? { tlp } : {}) })),
    );
    if (added) setText('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void add();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Not while an input method is composing (Chinese, Japanese): there Enter picks the characters.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void add();
    }
  };

  return (
    <form className="quick-entry" aria-label={t('quickEntry.label')} onSubmit={submit}>
      <Textarea
        ref={field}
        className="quick-entry-text"
        size="xs"
        label={t('quickEntry.text')}
        description={t('quickEntry.hint')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        rows={2}
      />
      <NativeSelect
        size="xs"
        label={t('quickEntry.kind')}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as NoteKind)}
        data={NOTE_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
      />
      <NativeSelect
        size="xs"
        label={t('quickEntry.tlp')}
        value={tlp}
        onChange={(e) => setTlp(e.currentTarget.value as TlpLevel | '')}
        data={[
          { value: '', label: t('quickEntry.tlpIncident', { level: record.tlp }) },
          ...TLP_LEVELS.map((level) => ({ value: level, label: t('tlp.marker', { level }) })),
        ]}
      />
      <Button type="submit" size="xs" disabled={action.busy || !text.trim()}>
        {t('quickEntry.submit')}
      </Button>
      <ErrorAlert error={action.error} />
    </form>
  );
}

import { Button, Textarea } from '@mantine/core';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaybookDetail, PlaybookValidation } from '../../../../shared/contract';
import type { Role } from '../../../../shared/identity';
import { api } from '../../api';
import { canCommand } from './permissions';
import { ValidationReport } from './ValidationReport';

/** Resolves with a file's text (FileReader: every browser and jsdom have it). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

type Outcome =
  | { kind: 'checked'; validation: PlaybookValidation }
  | { kind: 'published'; detail: PlaybookDetail }
  | { kind: 'failed'; message: string };

/**
 * Bringing a playbook in: from a file or pasted, checked by the core (every issue at its line and
 * column), then published as a new version by a commander or an administrator. `focusRequest`
 * changes when the palette asks for this panel, and the text area then takes focus.
 */
export function ImportPanel({
  role,
  focusRequest,
  onPublished,
}: {
  role: Role;
  focusRequest: number;
  onPublished: (detail: PlaybookDetail) => void;
}) {
  const { t } = useTranslation('playbooks');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const fileId = useId();
  const whyNotId = useId();
  const mayPublish = canCommand(role);

  useEffect(() => {
    if (focusRequest > 0) textArea.current?.focus();
  }, [focusRequest]);

  const edit = (value: string) => {
    setText(value);
    setOutcome(null);
  };

  const run = async (action: () => Promise<Outcome>) => {
    setBusy(true);
    try {
      setOutcome(await action());
    } catch (failure) {
      setOutcome({ kind: 'failed', message: (failure as Error).message });
    } finally {
      setBusy(false);
    }
  };

  // The text goes into the text area first, so what is checked (and published) is what is shown.
  const check = async (value: string): Promise<Outcome> => {
    setText(value);
    return { kind: 'checked', validation: await api.validatePlaybook({ text: value }) };
  };

  const chooseFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    void run(async () => {
      const content = await readText(file).catch(() => {
        throw new Error(t('import.unreadable', { fileName: file.name }));
      });
      return check(content);
    });
  };

  const publish = () =>
    run(async () => {
      const detail = await api.importPlaybook({ text });
      onPublished(detail);
      return { kind: 'published', detail };
    });

  return (
    <div className="playbook-import">
      <p className="playbooks-hint">{t('import.intro')}</p>
      <div className="playbooks-field">
        <label htmlFor={fileId}>{t('import.file')}</label>
        <input id={fileId} type="file" accept=".yaml,.yml,.json" onChange={chooseFile} />
      </div>
      <Textarea
        ref={textArea}
        className="playbooks-code"
        label={t('import.text')}
        description={t('import.textHint')}
        value={text}
        onChange={(event) => edit(event.currentTarget.value)}
        rows={16}
        spellCheck={false}
        readOnly={busy}
      />
      <div className="playbooks-row">
        <Button
          variant="default"
          disabled={busy || text.trim() === ''}
          onClick={() => void run(() => check(text))}
        >
          {t('import.check')}
        </Button>
        <Button
          disabled={busy || text.trim() === '' || !mayPublish}
          aria-describedby={mayPublish ? undefined : whyNotId}
          onClick={() => void publish()}
        >
          {t('import.publish')}
        </Button>
      </div>
      {!mayPublish && (
        <p id={whyNotId} className="playbooks-hint">
          {t('import.notAllowed', { role: t(`role.${role}`) })}
        </p>
      )}
      {outcome?.kind === 'checked' && <ValidationReport validation={outcome.validation} />}
      {outcome?.kind === 'published' && (
        <p role="status" className="playbooks-ok">
          {t('import.published', { title: outcome.detail.title, version: outcome.detail.version })}
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <p role="alert" className="playbooks-error">
          {outcome.message}
        </p>
      )}
    </div>
  );
}

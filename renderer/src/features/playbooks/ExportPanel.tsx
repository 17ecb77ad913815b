import { Button, Radio, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';

type Format = 'yaml' | 'json';
type Exported = { fileName: string; text: string; url: string };

const MIME: Record<Format, string> = { yaml: 'application/yaml', json: 'application/json' };

/**
 * One playbook version as a file: the core writes the text, the page offers it as a download (a
 * Blob URL, so nothing leaves the machine) and shows it for a look or a copy.
 */
export function ExportPanel({ id, version }: { id: string; version: number }) {
  const { t } = useTranslation('playbooks');
  const [format, setFormat] = useState<Format>('yaml');
  const [exported, setExported] = useState<Exported | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A Blob URL holds its text until revoked: let go of each one once it is replaced or gone.
  useEffect(() => (exported ? () => URL.revokeObjectURL(exported.url) : undefined), [exported]);

  const exportText = async () => {
    setBusy(true);
    setError(null);
    try {
      const { fileName, text } = await api.exportPlaybook({ id, version, format });
      const url = URL.createObjectURL(new Blob([text], { type: MIME[format] }));
      setExported({ fileName, text, url });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="playbook-export">
      <div className="playbook-export-controls">
        <Radio.Group
          label={t('export.format')}
          value={format}
          onChange={(value) => setFormat(value as Format)}
        >
          <div className="playbooks-row">
            <Radio value="yaml" label={t('export.yaml')} />
            <Radio value="json" label={t('export.json')} />
          </div>
        </Radio.Group>
        <Button variant="default" onClick={() => void exportText()} loading={busy}>
          {t('export.run')}
        </Button>
      </div>
      {error && (
        <p role="alert" className="playbooks-error">
          {error}
        </p>
      )}
      {exported && (
        <>
          <a className="playbook-download" href={exported.url} download={exported.fileName}>
            {t('export.download', { fileName: exported.fileName })}
          </a>
          <Textarea
            className="playbooks-code"
            label={t('export.text')}
            value={exported.text}
            readOnly
            rows={14}
          />
        </>
      )}
    </div>
  );
}

import { Radio, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { MapSource, MapSourceSetting } from '../../../../shared/map-source';
import { api } from '../../api';
import { SubmitRow } from '../../components/SubmitRow';
import { Time } from '../../components/Time';
import { useSubmit } from '../../components/useSubmit';

type Kind = MapSource['kind'];
type Draft = { kind: Kind; url: string; location: string; attribution: string };

const draftOf = (source: MapSource): Draft => ({
  kind: source.kind,
  url: source.kind === 'xyz' ? source.url : '',
  location: source.kind === 'pmtiles' ? source.location : '',
  attribution: source.kind === 'none' ? '' : (source.attribution ?? ''),
});

function sourceOf(draft: Draft): MapSource {
  const attribution = draft.attribution.trim() ? { attribution: draft.attribution.trim() } : {};
  if (draft.kind === 'xyz') return { kind: 'xyz', url: draft.url.trim(), ...attribution };
  if (draft.kind === 'pmtiles') return { kind: 'pmtiles', location: draft.location.trim(), ...attribution };
  return { kind: 'none' };
}

/**
 * Where the map's tiles come from, for the whole workspace: administrators choose it here (the
 * core checks what they enter), everyone else sees what was chosen and by whom.
 */
export function MapSourcePanel({
  setting,
  canChoose,
  onChanged,
}: {
  setting: MapSourceSetting;
  canChoose: boolean;
  onChanged: (setting: MapSourceSetting) => void;
}) {
  const { t } = useTranslation('map');
  const [draft, setDraft] = useState(() => draftOf(setting.source));
  const { submit, submitting, error } = useSubmit(async () => {
    onChanged(await api.setMapSource({ source: sourceOf(draft) }));
  });
  const { source } = setting;
  const current =
    source.kind === 'none'
      ? t('source.currentNone')
      : source.kind === 'xyz'
        ? t('source.currentXyz', { url: source.url })
        : t('source.currentPmtiles', { location: source.location });

  return (
    <section className="map-source" aria-labelledby="map-source-title">
      <h3 id="map-source-title">{t('source.title')}</h3>
      <p>{current}</p>
      {setting.setBy && (
        <p className="map-hint">
          <Trans
            t={t}
            i18nKey="source.setBy"
            values={{ user: setting.setBy.user }}
            components={{ when: setting.setAt ? <Time instant={setting.setAt} /> : <></> }}
          />
        </p>
      )}
      {setting.archivePresent === false && <p className="map-hint">{t('source.archiveMissing')}</p>}
      {canChoose ? (
        <form className="map-source-form" aria-label={t('source.formLabel')} onSubmit={(e) => void submit(e)}>
          <Radio.Group
            label={t('source.kind')}
            value={draft.kind}
            onChange={(kind) => setDraft({ ...draft, kind: kind as Kind })}
          >
            <Radio value="none" label={t('source.kindNone')} />
            <Radio value="xyz" label={t('source.kindXyz')} />
            <Radio value="pmtiles" label={t('source.kindPmtiles')} />
          </Radio.Group>
          {draft.kind === 'xyz' && (
            <TextInput
              label={t('source.url')}
              description={t('source.urlHint')}
              value={draft.url}
              onChange={(e) => setDraft({ ...draft, url: e.currentTarget.value })}
            />
          )}
          {draft.kind === 'pmtiles' && (
            <TextInput
              label={t('source.location')}
              description={t('source.locationHint')}
              value={draft.location}
              onChange={(e) => setDraft({ ...draft, location: e.currentTarget.value })}
            />
          )}
          {draft.kind !== 'none' && (
            <TextInput
              label={t('source.attribution')}
              value={draft.attribution}
              onChange={(e) => setDraft({ ...draft, attribution: e.currentTarget.value })}
            />
          )}
          <SubmitRow
            label={t('source.save')}
            busyLabel={t('source.saving')}
            submitting={submitting}
            error={error}
          />
        </form>
      ) : (
        <p className="map-hint">{t('source.adminsOnly')}</p>
      )}
    </section>
  );
}

import { Button, NativeSelect } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentSummary } from '../../../../shared/incident';
import type { LinkRecord } from '../../../../shared/incident-record/record';
import { LINK_KINDS, type LinkKind } from '../../../../shared/incident-record/vocabulary';
import { api } from '../../api';
import { useNavigation } from '../../app/navigation';
import { Time } from '../../components/Time';
import { ErrorAlert } from './ErrorAlert';
import { useRoom } from './room-context';
import { useAction } from './useAction';

/** The other incidents, to name link targets by title and to pick one for a new link. */
function useOtherIncidents(incidentId: string): IncidentSummary[] {
  const [incidents, setIncidents] = useState<IncidentSummary[]>([]);
  useEffect(() => {
    let live = true;
    api.listIncidents({}).then(
      (list) => live && setIncidents(list.filter((i) => i.id !== incidentId)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [incidentId]);
  return incidents;
}

/** How this incident relates to others (causes, duplicates, part of...), each a way into the other room. */
export function LinksPanel() {
  const { t } = useTranslation('incident-room');
  const { record, canAct, incidentId } = useRoom();
  const others = useOtherIncidents(incidentId);
  const titleOf = (id: string) => others.find((i) => i.id === id)?.title ?? id;
  return (
    <div className="links-panel">
      {record.links.length === 0 ? (
        <p className="empty">{t('links.none')}</p>
      ) : (
        <table className="room-table links" aria-label={t('links.label')}>
          <thead>
            <tr>
              <th scope="col">{t('links.kind')}</th>
              <th scope="col">{t('links.incident')}</th>
              <th scope="col">{t('links.linked')}</th>
              {canAct && <th scope="col">{t('links.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {record.links.map((link) => (
              <LinkRow
                key={`${link.targetIncidentId}/${link.kind}`}
                link={link}
                title={titleOf(link.targetIncidentId)}
              />
            ))}
          </tbody>
        </table>
      )}
      {canAct && <AddLinkForm others={others} />}
    </div>
  );
}

function LinkRow({ link, title }: { link: LinkRecord; title: string }) {
  const { t } = useTranslation('incident-room');
  const { incidentId, apply, canAct } = useRoom();
  const go = useNavigation((state) => state.go);
  const action = useAction();
  const remove = () =>
    void action.run(async () =>
      apply(
        await api.unlinkIncidents({
          id: incidentId,
          targetIncidentId: link.targetIncidentId,
          linkKind: link.kind,
        }),
      ),
    );
  return (
    <tr>
      <td>{t(`linkKind.${link.kind}`)}</td>
      <td>
        <Button
          size="xs"
          variant="subtle"
          aria-label={t('links.open', { title })}
          onClick={() => go({ name: 'incident', incidentId: link.targetIncidentId })}
        >
          {title}
        </Button>
      </td>
      <td>
        <Time instant={link.linked.at ?? ''} />
      </td>
      {canAct && (
        <td>
          <Button
            size="xs"
            variant="default"
            aria-label={t('links.removeLink', { title })}
            disabled={action.busy}
            onClick={remove}
          >
            {t('links.remove')}
          </Button>
          <ErrorAlert error={action.error} />
        </td>
      )}
    </tr>
  );
}

function AddLinkForm({ others }: { others: IncidentSummary[] }) {
  const { t } = useTranslation('incident-room');
  const { incidentId, apply } = useRoom();
  const [kind, setKind] = useState<LinkKind>('related');
  const [target, setTarget] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    const linked = await action.run(async () =>
      apply(await api.linkIncidents({ id: incidentId, targetIncidentId: target, linkKind: kind })),
    );
    if (linked) setTarget('');
  };
  return (
    <form className="add-link" aria-label={t('links.addLabel')} onSubmit={(e) => void submit(e)}>
      <NativeSelect
        size="xs"
        label={t('links.kind')}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as LinkKind)}
        data={LINK_KINDS.map((k) => ({ value: k, label: t(`linkKind.${k}`) }))}
      />
      <NativeSelect
        size="xs"
        label={t('links.incident')}
        value={target}
        onChange={(e) => setTarget(e.currentTarget.value)}
        data={[
          { value: '', label: t('links.choose') },
          ...others.map((i) => ({ value: i.id, label: i.title })),
        ]}
      />
      <Button type="submit" size="xs" disabled={action.busy || !target}>
        {t('links.add')}
      </Button>
      <ErrorAlert error={action.error} />
    </form>
  );
}

import { NativeSelect } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry, TimelineKind } from '../../../../shared/incident-record/record';
import { DepartmentBadge } from '../../components/DepartmentBadge';
import { Time } from '../../components/Time';
import { ActorName } from './PartyLabel';
import { useRoom } from './room-context';
import { timelineText, type TimelineWords } from './timeline-text';
import { isRestricted, TlpMarker } from './TlpMarker';

const ALL = '';

/**
 * The activity log (ICS 214), newest first, narrowed by kind and by department. Playbook run
 * events are entries of kind `playbook`.
 */
export function Timeline() {
  const { t } = useTranslation('incident-room');
  const { record, departments } = useRoom();
  const [kind, setKind] = useState<TimelineKind | typeof ALL>(ALL);
  const [department, setDepartment] = useState(ALL);
  const words = useTimelineWords();

  const kinds = [...new Set(record.timeline.map((e) => e.kind))];
  const departmentIds = [...new Set(record.timeline.map((e) => e.department))];
  const shown = record.timeline
    .filter((e) => (kind === ALL || e.kind === kind) && (department === ALL || e.department === department))
    .reverse();

  return (
    <section className="timeline-section" aria-labelledby="room-log-heading">
      <div className="timeline-head">
        <h3 id="room-log-heading">{t('log.heading')}</h3>
        <NativeSelect
          size="xs"
          label={t('log.filterKind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as TimelineKind)}
          data={[
            { value: ALL, label: t('log.allKinds') },
            ...kinds.map((k) => ({ value: k, label: t(`kind.${k}`) })),
          ]}
        />
        <NativeSelect
          size="xs"
          label={t('log.filterDepartment')}
          value={department}
          onChange={(e) => setDepartment(e.currentTarget.value)}
          data={[
            { value: ALL, label: t('log.allDepartments') },
            ...departmentIds.map((id) => ({
              value: id,
              label: departments.find((d) => d.id === id)?.name ?? id,
            })),
          ]}
        />
      </div>
      {shown.length === 0 ? (
        <p className="empty">{t('log.empty')}</p>
      ) : (
        <ol className="timeline" aria-label={t('log.entries')}>
          {shown.map((entry) => (
            <TimelineItem key={entry.eventId} entry={entry} words={words} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** Names for the ids in log lines, from the room's directory; ids it does not know show as they are. */
function useTimelineWords(): TimelineWords {
  const { t } = useTranslation('incident-room');
  const { departments, members, record } = useRoom();
  return useMemo(
    () => ({
      t,
      department: (id: string) => departments.find((d) => d.id === id)?.name ?? id,
      member: (id: string) => members.get(id)?.user ?? id,
      task: (id: string) => record.tasks.find((task) => task.id === id)?.title ?? id,
    }),
    [t, departments, members, record.tasks],
  );
}

function TimelineItem({ entry, words }: { entry: TimelineEntry; words: TimelineWords }) {
  const { t } = useTranslation('incident-room');
  const { departments } = useRoom();
  const restricted = isRestricted(entry.tlp);
  return (
    <li
      className={`timeline-entry kind-${entry.kind}${restricted ? ' restricted' : ''}`}
      data-kind={entry.kind}
    >
      {restricted && entry.tlp && <TlpMarker level={entry.tlp} />}
      <span className="timeline-time">
        <Time instant={entry.at ?? ''} />
      </span>
      <DepartmentBadge id={entry.department} departments={departments} />
      <span className={`timeline-kind kind-${entry.kind}`}>{t(`kind.${entry.kind}`)}</span>
      <span className="timeline-text">{timelineText(entry, words)}</span>
      <ActorName actor={entry.actor} />
      {!restricted && entry.tlp && <TlpMarker level={entry.tlp} />}
    </li>
  );
}

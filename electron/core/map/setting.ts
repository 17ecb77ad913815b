import type { EventEnvelope } from '../../../shared/events';
import { hlcWallTime } from '../../../shared/incident-record';
import { NO_MAP_SOURCE, type MapSourceSetting } from '../../../shared/map-source';
import type { Directory } from '../identity/event-signing';
import { authorisedPayloads } from '../workspace/directory';

/** The administrators' latest word on the map source; `none` until one of them chose. */
export function mapSourceSetting(
  events: readonly EventEnvelope[],
  directory: Directory,
): Omit<MapSourceSetting, 'archivePresent'> {
  const latest = authorisedPayloads(events, directory, 'map.source', ['admin']).at(-1);
  if (!latest) return { source: NO_MAP_SOURCE, setBy: null, setAt: null };
  const { event, payload } = latest;
  const member = directory.members.get(event.actor);
  return {
    source: payload.source,
    setBy: member ? { memberId: member.memberId, user: member.user } : null,
    setAt: hlcWallTime(event.hlc),
  };
}

import type { SyncStatus } from '../../../../shared/sync';
import { api } from '../../api';
import { liveResource, type ResourceState } from '../../app/live-resource';

export type SyncStatusState = ResourceState<SyncStatus>;

/** This copy's sync state, shared by the header, the board and the settings; each `sync.changed` carries all of it. */
const syncStatus = liveResource<SyncStatus>({
  load: () => api.getSyncStatus({}),
  apply: (event) => (event.type === 'sync.changed' ? event.status : undefined),
});

export const useSyncStatus = syncStatus.use;

/** Shows the core's answer to a sync setting changed here everywhere, until the next pushed status. */
export const acceptSyncStatus = syncStatus.receive;

import { useEffect, useState } from 'react';
import type { MapSourceSetting } from '../../../../shared/map-source';
import { api } from '../../api';

export type MapSourceState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; setting: MapSourceSetting };

/** The workspace's map source, read when the view opens and replaced by what a change returns. */
export function useMapSource() {
  const [state, setState] = useState<MapSourceState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    api.getMapSource({}).then(
      (setting) => live && setState({ status: 'ready', setting }),
      (error: Error) => live && setState({ status: 'failed', message: error.message }),
    );
    return () => {
      live = false;
    };
  }, []);
  return { state, accept: (setting: MapSourceSetting) => setState({ status: 'ready', setting }) };
}

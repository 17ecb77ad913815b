import { useCallback, useEffect, useState } from 'react';
import type { PlaybookSummary } from '../../../../shared/contract';
import { api } from '../../api';

export type LibraryState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; playbooks: PlaybookSummary[] };

/**
 * The playbook library as the core lists it, asked again after a publish (`reload`) and whenever the
 * link to the core comes back; `replace` puts in a playbook the core has just answered with.
 */
export function usePlaybookLibrary() {
  const [state, setState] = useState<LibraryState>({ status: 'loading' });

  const reload = useCallback(
    () =>
      api.listPlaybooks({}).then(
        (playbooks) => setState({ status: 'ready', playbooks }),
        (error: Error) => setState({ status: 'failed', message: error.message }),
      ),
    [],
  );

  useEffect(() => {
    void reload();
    return api.onEvent((event) => {
      if (event.type === 'connection.restored') void reload();
    });
  }, [reload]);

  const replace = useCallback(
    (changed: PlaybookSummary) =>
      setState((current) =>
        current.status === 'ready'
          ? { ...current, playbooks: current.playbooks.map((p) => (p.id === changed.id ? changed : p)) }
          : current,
      ),
    [],
  );

  return { state, reload, replace };
}

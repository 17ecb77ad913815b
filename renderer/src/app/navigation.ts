/** Which view the window shows. One small store, so the palette, the shell and features agree. */
import { create } from 'zustand';

export type View =
  | { name: 'board' }
  | { name: 'incident'; incidentId: string }
  | { name: 'playbooks' }
  | { name: 'map' }
  | { name: 'settings' };

type Navigation = { view: View; go: (view: View) => void };

export const useNavigation = create<Navigation>((set) => ({
  view: { name: 'board' },
  go: (view) => set({ view }),
}));

/** Shows an incident's room (from a row, a map marker, a link or a notification). */
export const openIncident = (incidentId: string): void =>
  useNavigation.getState().go({ name: 'incident', incidentId });

/**
 * What every part of the incident room needs: the incident as the core last folded it, who is
 * looking at it, the workspace's departments and members, and how to take in the record a command
 * returned. One context rather than the same six props passed through every panel.
 */
import { createContext, useContext } from 'react';
import type { IncidentDetail, WhoAmI } from '../../../../shared/contract';
import type { IncidentRecord } from '../../../../shared/incident-record/record';
import type { Department } from '../../../../shared/identity';
import type { MemberDirectory } from './parties';

export type Room = {
  incidentId: string;
  record: IncidentDetail;
  me: WhoAmI;
  departments: readonly Department[];
  members: MemberDirectory;
  /** Shows the record a command returned, without waiting for the core's change event. */
  apply: (record: IncidentRecord) => void;
  /** Viewers read; everyone else may act (the core still checks each command). */
  canAct: boolean;
  /** Commanders and administrators resolve conflicts and stop runs. */
  isCommander: boolean;
};

export const RoomContext = createContext<Room | null>(null);

export function useRoom(): Room {
  const room = useContext(RoomContext);
  if (!room) throw new Error('useRoom is used outside the incident room');
  return room;
}

import type { Role } from '../../../shared/identity';

export type Access = 'read' | 'write';

/**
 * What a member may do in a workspace's rooms through a hub. The hub enforces it; clients use the
 * same rule to know that a viewer's local changes will never be acknowledged, so they do not wait
 * for that. Need-to-know rooms (issue 7) will make this depend on the room too.
 */
export const roomAccess = (role: Role): Access => (role === 'viewer' ? 'read' : 'write');

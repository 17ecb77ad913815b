/**
 * What the core allows each workspace role to do with playbooks. The core decides; the UI asks
 * the same question first so people see why a control is off instead of an error after trying.
 */
import type { Role } from '../../../../shared/identity';

/** Publishing a playbook version and purging exercises. */
export const canCommand = (role: Role) => role === 'commander' || role === 'admin';

/** Letting a playbook start by itself when its triggers match. */
export const canAdminister = (role: Role) => role === 'admin';

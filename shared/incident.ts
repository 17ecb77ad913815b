import { z } from 'zod';

/** Severity as incident commanders grade it; ordered from most to least severe. */
export const SEVERITIES = ['critical', 'major', 'moderate', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The incident lifecycle; every incident starts as `reported`. */
export const INCIDENT_STATUSES = [
  'reported',
  'acknowledged',
  'active',
  'contained',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const TITLE_MAX_LENGTH = 200;

export const severitySchema = z.enum(SEVERITIES, {
  error: () => `severity must be one of ${SEVERITIES.join(', ')}`,
});

export const incidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity: severitySchema,
  status: z.enum(INCIDENT_STATUSES),
  /** ISO 8601 instant in UTC. */
  createdAt: z.string(),
});
export type Incident = z.infer<typeof incidentSchema>;

export const newIncidentSchema = z
  .object({
    title: z
      .string({ error: 'title is required' })
      .trim()
      .min(1, 'title must not be empty')
      .max(TITLE_MAX_LENGTH, `title must be at most ${TITLE_MAX_LENGTH} characters`)
      // Control characters break one-line displays and logs; tabs and newlines included.
      .regex(/^[^\p{Cc}]*$/u, 'title must not contain control characters'),
    severity: severitySchema,
  })
  .strict();
export type NewIncident = z.input<typeof newIncidentSchema>;

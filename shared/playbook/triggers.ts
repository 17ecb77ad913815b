/**
 * Which playbooks an incident or an alert calls for: each template's trigger rules, where every
 * condition a rule lists must hold and any one rule is enough.
 */
import { SEVERITIES, type CapCategory, type Severity } from '../incident-record';
import { CAP_SEVERITIES, type CapSeverity, type PlaybookTemplate, type Trigger } from './template';

export type IncidentFacts = {
  category: CapCategory;
  severity: Severity;
  title: string;
  description: string;
  tags: readonly string[];
};

/** The CAP fields a trigger looks at (issue 8 brings alerts in). */
export type AlertFacts = {
  category: CapCategory;
  event: string;
  severity: CapSeverity | 'Unknown';
  areas: readonly string[];
};

export type Subject = { incident: IncidentFacts } | { alert: AlertFacts };

/** Human-readable description of the first rule that matches, or null. */
export function matchTriggers(template: PlaybookTemplate, subject: Subject): string | null {
  for (const [index, trigger] of template.triggers.entries()) {
    if (matches(trigger, subject)) return `${template.id} trigger ${index + 1}: ${describeTrigger(trigger)}`;
  }
  return null;
}

const contains = (text: string, phrase: string) => text.toLowerCase().includes(phrase.toLowerCase());

function matches(trigger: Trigger, subject: Subject): boolean {
  if ('incident' in trigger && 'incident' in subject) {
    const rule = trigger.incident;
    const incident = subject.incident;
    if (rule.categories && !rule.categories.includes(incident.category)) return false;
    if (rule.minSeverity && SEVERITIES.indexOf(incident.severity) > SEVERITIES.indexOf(rule.minSeverity)) {
      return false;
    }
    if (rule.keywords) {
      const haystack = [incident.title, incident.description, ...incident.tags].join('\n');
      if (!rule.keywords.some((k) => contains(haystack, k))) return false;
    }
    return true;
  }
  if ('alert' in trigger && 'alert' in subject) {
    const rule = trigger.alert;
    const alert = subject.alert;
    if (rule.categories && !rule.categories.includes(alert.category)) return false;
    if (rule.events && !rule.events.some((e) => contains(alert.event, e))) return false;
    if (rule.minSeverity) {
      const rank = CAP_SEVERITIES.indexOf(alert.severity as CapSeverity);
      if (rank < 0 || rank > CAP_SEVERITIES.indexOf(rule.minSeverity)) return false;
    }
    if (rule.areas && !rule.areas.some((a) => alert.areas.some((area) => contains(area, a)))) return false;
    return true;
  }
  return false;
}

function describeTrigger(trigger: Trigger): string {
  const rule = 'incident' in trigger ? trigger.incident : trigger.alert;
  const parts = Object.entries(rule).map(
    ([key, value]) => `${key} ${Array.isArray(value) ? value.join('|') : value}`,
  );
  return `${'incident' in trigger ? 'incident' : 'alert'} ${parts.join(', ') || '(any)'}`;
}

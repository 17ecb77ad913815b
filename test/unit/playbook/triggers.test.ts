import { describe, expect, it } from 'vitest';
import {
  matchTriggers,
  type AlertFacts,
  type IncidentFacts,
  type PlaybookTemplateInput,
} from '../../../shared/playbook';
import { template } from './helpers';

const step = { id: 'a', title: 'A', owner: { department: 'energy' } };
const withTriggers = (triggers: PlaybookTemplateInput['triggers']) =>
  template({ id: 'outage', steps: [step], triggers });

const incident = (facts: Partial<IncidentFacts> = {}) => ({
  incident: {
    category: 'Infra',
    severity: 'major',
    title: 'Substation trip on feeder 12',
    description: '',
    tags: [],
    ...facts,
  } satisfies IncidentFacts,
});

const alert = (facts: Partial<AlertFacts> = {}) => ({
  alert: {
    category: 'Infra',
    event: 'Power outage',
    severity: 'Severe',
    areas: ['North district'],
    ...facts,
  } satisfies AlertFacts,
});

describe('matchTriggers: incidents', () => {
  const outage = withTriggers([
    {
      incident: {
        categories: ['Infra', 'Transport'],
        minSeverity: 'moderate',
        keywords: ['substation', 'Power Outage'],
      },
    },
  ]);

  it('matches when category, severity and a keyword all hold, and says which rule', () => {
    expect(matchTriggers(outage, incident())).toBe(
      'outage trigger 1: incident categories Infra|Transport, minSeverity moderate, keywords substation|Power Outage',
    );
    expect(matchTriggers(outage, incident({ category: 'Transport' }))).not.toBeNull();
  });

  it('does not match another category', () => {
    expect(matchTriggers(outage, incident({ category: 'Fire' }))).toBeNull();
  });

  it('matches the minimum severity and anything more severe (critical is the most severe)', () => {
    expect(matchTriggers(outage, incident({ severity: 'critical' }))).not.toBeNull();
    expect(matchTriggers(outage, incident({ severity: 'major' }))).not.toBeNull();
    expect(matchTriggers(outage, incident({ severity: 'moderate' }))).not.toBeNull();
    expect(matchTriggers(outage, incident({ severity: 'minor' }))).toBeNull();
  });

  it('looks for keywords in the title, the description and the tags, in any case', () => {
    const plain = { title: 'Dark signals downtown' };
    expect(matchTriggers(outage, incident(plain))).toBeNull();
    expect(matchTriggers(outage, incident({ ...plain, title: 'SUBSTATION on fire' }))).not.toBeNull();
    expect(
      matchTriggers(outage, incident({ ...plain, description: 'A wide power outage in the north' })),
    ).not.toBeNull();
    expect(matchTriggers(outage, incident({ ...plain, tags: ['grid', 'power outage'] }))).not.toBeNull();
    // A keyword must appear as written, not spread over the fields.
    expect(matchTriggers(outage, incident({ ...plain, tags: ['power', 'outage'] }))).toBeNull();
  });

  it('matches any incident with an empty rule, but never an alert', () => {
    const any = withTriggers([{ incident: {} }]);
    expect(matchTriggers(any, incident({ category: 'Other', severity: 'minor' }))).toBe(
      'outage trigger 1: incident (any)',
    );
    expect(matchTriggers(any, alert())).toBeNull();
  });
});

describe('matchTriggers: alerts', () => {
  const outage = withTriggers([
    {
      alert: {
        categories: ['Infra', 'Met'],
        events: ['power outage', 'substation'],
        minSeverity: 'Moderate',
        areas: ['north'],
      },
    },
  ]);

  it('matches an alert on category, event text, CAP severity and area', () => {
    expect(matchTriggers(outage, alert())).toBe(
      'outage trigger 1: alert categories Infra|Met, events power outage|substation, minSeverity Moderate, areas north',
    );
    expect(matchTriggers(outage, alert({ event: 'Unplanned SUBSTATION shutdown' }))).not.toBeNull();
    expect(matchTriggers(outage, alert({ areas: ['South', 'Far NORTH shore'] }))).not.toBeNull();
  });

  it('does not match another category, event or area', () => {
    expect(matchTriggers(outage, alert({ category: 'Fire' }))).toBeNull();
    expect(matchTriggers(outage, alert({ event: 'Flood warning' }))).toBeNull();
    expect(matchTriggers(outage, alert({ areas: ['South district'] }))).toBeNull();
    expect(matchTriggers(outage, alert({ areas: [] }))).toBeNull();
  });

  it('matches the minimum CAP severity and above, and not Minor or Unknown', () => {
    expect(matchTriggers(outage, alert({ severity: 'Extreme' }))).not.toBeNull();
    expect(matchTriggers(outage, alert({ severity: 'Severe' }))).not.toBeNull();
    expect(matchTriggers(outage, alert({ severity: 'Moderate' }))).not.toBeNull();
    expect(matchTriggers(outage, alert({ severity: 'Minor' }))).toBeNull();
    expect(matchTriggers(outage, alert({ severity: 'Unknown' }))).toBeNull();
  });

  it('takes Unknown severity when the rule names no minimum, and never matches an incident', () => {
    const any = withTriggers([{ alert: { events: ['outage'] } }]);
    expect(matchTriggers(any, alert({ severity: 'Unknown' }))).toBe('outage trigger 1: alert events outage');
    expect(matchTriggers(any, incident({ title: 'outage' }))).toBeNull();
  });
});

describe('matchTriggers: several rules', () => {
  it('any one rule is enough, and the first that matches is named', () => {
    const tpl = withTriggers([
      { incident: { categories: ['Fire'] } },
      { alert: { categories: ['Infra'] } },
      { incident: { keywords: ['feeder'] } },
      { incident: {} },
    ]);
    expect(matchTriggers(tpl, incident())).toBe('outage trigger 3: incident keywords feeder');
    expect(matchTriggers(tpl, incident({ category: 'Fire' }))).toBe(
      'outage trigger 1: incident categories Fire',
    );
    expect(matchTriggers(tpl, alert())).toBe('outage trigger 2: alert categories Infra');
    expect(matchTriggers(tpl, alert({ category: 'Met' }))).toBeNull();
  });

  it('never matches a playbook without triggers', () => {
    expect(matchTriggers(withTriggers([]), incident())).toBeNull();
    expect(matchTriggers(withTriggers([]), alert())).toBeNull();
  });
});

/**
 * Deterministic, plausible incident text for the benchmarks: titles, descriptions and log entries
 * built from templates of the kind city departments write, plus a long tail of free-text words so
 * the FTS index has a realistic vocabulary (thousands of rare terms, a few hundred common ones).
 */

import { seededRandom as createRng, type Rng } from '../support/seeded-random';

export { createRng, type Rng };

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

/** A lowercase v4-shaped UUID (valid as an event id, a record id and inside a room name). */
export function uuid(rng: Rng): string {
  const hex = (digits: number) =>
    Math.floor(rng() * 16 ** digits)
      .toString(16)
      .padStart(digits, '0');
  const variant = (8 + Math.floor(rng() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(6)}${hex(6)}`;
}

/** Word lists below are written as text: `words` splits on white space, `list` on commas. */
const words = (text: string): string[] => text.trim().split(/\s+/);
const list = (text: string): string[] => text.trim().replace(/\s+/g, ' ').split(', ');

const STREET_NAMES = words(`
  Harbour Mill Station Church Market Bridge Victoria Park King Queen High North South West East
  Canal River Castle Union Albert Chapel Garden Elm Oak Cedar Willow Maple Birch Ash Linden
  Foundry Tannery Wharf Dock Ferry Quarry Brewery Forge Granary Mint Cathedral College Hospital
  Museum Theatre Library Exchange Arsenal Abbey Priory Meadow Orchard Hill Valley Spring Fountain
  Lake Pond Heath Common
`);
const STREET_KINDS = ['Street', 'Road', 'Avenue', 'Lane', 'Boulevard', 'Way'];
const AREAS = list(`
  Harbourside, Northgate, Old Town, Riverside, Westfield, Eastbrook, Southend, Millbank, Kingsway,
  Parkview, Canal Quarter, Station District, Castle Hill, Market Square, Docklands, University
  Quarter, Hospital Hill, Airport Zone, Industrial Estate, Greenfields, Stonebridge, Ashford,
  Elmwood, Oakridge, Cedar Heights, Willow Park, Foundry Row, Quarry End, Ferryside, Lakeside
`);
const LANDMARKS = list(`
  the central station, the football stadium, the convention centre, City Hall, the general
  hospital, the main library, the ferry terminal, the airport, the water treatment plant, the
  gasworks, the shopping centre, the university campus, the cathedral, the bus depot, the tram
  depot, the data centre, the police headquarters, the fire academy, the port authority, the
  market hall
`);
const HOSPITALS = list(`
  General Hospital, St Mary's, Royal Infirmary, Northgate Clinic, Children's Hospital
`);
const SYSTEMS = list(`
  CAD, payroll, e-mail, VPN, SCADA, radio dispatch, records, traffic control, billing
`);
const SURNAMES = words(`
  Okafor Lindqvist Moreau Novak Kowalski Haddad Fischer Tanaka Rossi Murphy Schmidt Jansen Silva
  Nguyen Petrov Dubois Larsen Costa Weber Brennan
`);
const UNIT_PREFIXES = ['E', 'L', 'P', 'M', 'T', 'U'];
export const DEPARTMENTS = ['police', 'traffic', 'energy', 'it', 'fire', 'health'] as const;

const street = (rng: Rng) => `${pick(rng, STREET_NAMES)} ${pick(rng, STREET_KINDS)}`;
const unit = (rng: Rng) => `${pick(rng, UNIT_PREFIXES)}-${int(rng, 1, 60)}`;

type Filler = (rng: Rng) => string;
const fill: Record<string, Filler> = {
  street,
  street2: street,
  area: (rng) => pick(rng, AREAS),
  landmark: (rng) => pick(rng, LANDMARKS),
  hospital: (rng) => pick(rng, HOSPITALS),
  system: (rng) => pick(rng, SYSTEMS),
  name: (rng) => pick(rng, SURNAMES),
  unit,
  n: (rng) => String(int(rng, 2, 40)),
  big: (rng) => String(int(rng, 50, 12_000)),
  feeder: (rng) => `F${int(rng, 1, 48)}`,
  time: (rng) => `${String(int(rng, 0, 23)).padStart(2, '0')}:${String(int(rng, 0, 59)).padStart(2, '0')}`,
};

function render(template: string, rng: Rng): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => fill[slot]!(rng));
}

type TitleTemplate = { title: string; category: string; lead: (typeof DEPARTMENTS)[number] };
const TITLES: TitleTemplate[] = [
  { title: 'Water main break on {street}', category: 'Infra', lead: 'energy' },
  { title: 'Power outage in {area}', category: 'Infra', lead: 'energy' },
  { title: 'Transformer fire at {area} substation', category: 'Fire', lead: 'energy' },
  { title: 'Gas leak near {landmark}', category: 'Safety', lead: 'fire' },
  { title: 'Multi-vehicle collision on {street}', category: 'Transport', lead: 'traffic' },
  { title: 'Traffic signal failure at {street} and {street2}', category: 'Transport', lead: 'traffic' },
  { title: 'Flooding in {area} underpass', category: 'Met', lead: 'traffic' },
  { title: 'Structure fire on {street}', category: 'Fire', lead: 'fire' },
  { title: 'Suspicious package at {landmark}', category: 'Security', lead: 'police' },
  { title: 'Large crowd disturbance in {area}', category: 'Security', lead: 'police' },
  { title: 'Ransomware alert on {system} servers', category: 'Security', lead: 'it' },
  { title: '{system} outage affecting dispatch', category: 'Infra', lead: 'it' },
  { title: 'Network outage at {landmark}', category: 'Infra', lead: 'it' },
  { title: 'Storm damage across {area}', category: 'Met', lead: 'energy' },
  { title: 'Chemical spill on {street}', category: 'CBRNE', lead: 'fire' },
  { title: 'Missing person last seen in {area}', category: 'Rescue', lead: 'police' },
  { title: 'Tram derailment near {landmark}', category: 'Transport', lead: 'traffic' },
  { title: 'Heatwave welfare checks in {area}', category: 'Health', lead: 'health' },
  { title: 'Sinkhole on {street}', category: 'Geo', lead: 'traffic' },
  { title: 'Bridge closure on {street} after inspection', category: 'Infra', lead: 'traffic' },
];

const DESCRIPTIONS = [
  'Reported by a member of the public at {time}. Initial crews dispatched from {area}.',
  'Multiple calls received; {unit} first on scene. Access via {street} only.',
  'Automated alarm from {system} at {time}, confirmed by on-call engineer {name}.',
  'Residents of {area} report loss of service. Estimated {big} households affected.',
  'Police cordon in place around {landmark}; traffic diverted via {street}.',
];

const LOG_ENTRIES = [
  'Unit {unit} on scene at {street}; assessing situation.',
  '{unit} reports smoke visible from the second floor, requesting a ladder unit.',
  'Road closure in place on {street} between {street2} and {landmark}.',
  'Power restored to {big} customers in {area}.',
  'Crews isolating feeder {feeder} at the {area} substation.',
  'Gas supply shut off at the meter; {n} residents evacuated to {landmark}.',
  'Traffic signals dark at {street} and {street2}; officers directing traffic.',
  'Water pressure dropping in {area}, tanker requested for {hospital}.',
  'Ambulance {unit} transporting {n} patients to {hospital}.',
  'Shift handover: {name} takes over as Operations Section Chief.',
  'Briefing held at {time} with police, traffic, energy and IT liaisons.',
  'Press release approved by Public Information Officer {name}.',
  '{system} failover to the backup site completed at {time}.',
  'Firewall blocked outbound traffic from {n} workstations; forensic images being taken.',
  'Bus routes {n} and {feeder} diverted around {street}.',
  'Weather service warns of further heavy rain over {area} until {time}.',
  'Structural engineer {name} inspecting the bridge on {street}.',
  'Evacuation of {landmark} complete, {big} people accounted for.',
  'Generator delivered to {hospital}; fuel for {n} hours.',
  'Utility crews excavating on {street} to reach the main.',
  'Cordon reduced; {street} reopened to one lane.',
  'Request for mutual aid sent to neighbouring city, {n} units expected by {time}.',
  'Welfare centre opened at {landmark} with capacity for {big} people.',
  'Drone survey of {area} shows standing water across {n} blocks.',
  'Decision: keep {street} closed overnight pending inspection.',
  'Radio channel {n} assigned to the traffic branch.',
  'Tow trucks clearing {n} vehicles from {street}.',
  'Outage ticket escalated to vendor; {system} engineers on site at {time}.',
  'Hazmat team {unit} sampling the spill near {landmark}.',
  'Incident Commander {name} requests status reports every 30 minutes.',
];

/**
 * The long tail: a fixed vocabulary of made-up words drawn with a Zipf-like skew, as free-text
 * remarks are in real logs (a few words recur, most are rare).
 */
const TAIL_VOCABULARY = (() => {
  const rng = createRng(7);
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ter',
    'van',
    'dor',
    'sel',
    'gru',
    'fen',
    'pa',
    'ris',
    'ost',
    'ul',
    'bra',
    'nek',
    'zi',
  ];
  const words = new Set<string>();
  while (words.size < 8_000) {
    words.add(Array.from({ length: int(rng, 2, 4) }, () => pick(rng, syllables)).join(''));
  }
  return [...words];
})();

function tailWord(rng: Rng): string {
  // Inverse-transform sampling of a 1/k-ish distribution over the vocabulary.
  const index = Math.floor(Math.pow(TAIL_VOCABULARY.length, rng())) - 1;
  return TAIL_VOCABULARY[index]!;
}

export function incidentTitle(rng: Rng): { title: string; category: string; lead: string } {
  const template = pick(rng, TITLES);
  return { title: render(template.title, rng), category: template.category, lead: template.lead };
}

export const incidentDescription = (rng: Rng): string => render(pick(rng, DESCRIPTIONS), rng);
export const areaName = (rng: Rng): string => pick(rng, AREAS);

export function logEntry(rng: Rng): string {
  const text = render(pick(rng, LOG_ENTRIES), rng);
  if (rng() < 0.5) return text;
  const remarks = Array.from({ length: int(rng, 2, 8) }, () => tailWord(rng)).join(' ');
  return `${text} Remarks: ${remarks}.`;
}

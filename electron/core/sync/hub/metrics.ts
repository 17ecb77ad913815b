/**
 * The hub's counters in the Prometheus text exposition format. A handful of counters and gauges do
 * not need a metrics library; labels are from small fixed sets, never from client input.
 */
type Labels = Record<string, string>;

const key = (name: string, labels: Labels = {}) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
};

const HELP: Record<string, [type: 'counter' | 'gauge', help: string]> = {
  muster_hub_connections: ['gauge', 'Open room connections.'],
  muster_hub_connections_total: ['counter', 'Room connections accepted.'],
  muster_hub_refusals_total: ['counter', 'Upgrades refused, by reason.'],
  muster_hub_rooms_open: ['gauge', 'Rooms loaded in memory.'],
  muster_hub_messages_total: ['counter', 'Messages received, by kind.'],
  muster_hub_messages_dropped_total: ['counter', 'Messages dropped from read-only connections.'],
  muster_hub_connections_closed_total: ['counter', 'Connections closed by the hub, by reason.'],
  muster_hub_updates_applied_total: ['counter', 'Updates stored and applied.'],
  muster_hub_bytes_received_total: ['counter', 'Bytes received on room connections.'],
  muster_hub_update_check_restarts_total: ['counter', 'Update-check workers replaced after an overrun.'],
};

/** Series that exist only per label; the others are printed as 0 before their first change. */
const LABELLED = new Set([
  'muster_hub_refusals_total',
  'muster_hub_messages_total',
  'muster_hub_messages_dropped_total',
  'muster_hub_connections_closed_total',
]);

export class HubMetrics {
  private readonly values = new Map<string, { name: string; value: number }>();

  add(name: keyof typeof HELP, labels?: Labels, by = 1): void {
    const k = key(name, labels);
    const entry = this.values.get(k) ?? { name, value: 0 };
    entry.value += by;
    this.values.set(k, entry);
  }

  set(name: keyof typeof HELP, value: number): void {
    this.values.set(key(name), { name, value });
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, [type, help]] of Object.entries(HELP)) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      let any = false;
      for (const [k, entry] of this.values) {
        if (entry.name !== name) continue;
        lines.push(`${k} ${entry.value}`);
        any = true;
      }
      if (!any && !LABELLED.has(name)) lines.push(`${name} 0`);
    }
    return `${lines.join('\n')}\n`;
  }
}

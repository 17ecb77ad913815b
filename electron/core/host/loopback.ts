import net from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

export function isLoopbackHost(host: string): boolean {
  if (LOOPBACK_NAMES.has(host)) return true;
  return net.isIPv4(host) && host.startsWith('127.');
}

/** The Host header values under which a loopback listener on `port` may be addressed. */
export function loopbackAuthorities(host: string, port: number): Set<string> {
  const names = new Set([host, 'localhost', '127.0.0.1', '[::1]']);
  return new Set([...names].map((name) => `${net.isIPv6(name) ? `[${name}]` : name}:${port}`));
}

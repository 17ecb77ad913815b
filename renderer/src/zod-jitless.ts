import { z } from 'zod';

// zod compiles fast parsers with `new Function` when it may, and probes for that when a schema is
// built; our CSP forbids eval, so the probe would be reported as a violation on every load. This
// module is imported first so no schema is built before the setting.
z.config({ jitless: true });

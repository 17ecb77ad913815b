import { z } from 'zod';

// zod compiles fast parsers with `new Function` when it may, and probes for that when a schema is
// built; our CSP forbids eval, so the probe would be reported as a violation on every load. api.ts
// imports this module first: every module that builds schemas is loaded after it, in the same chunk.
z.config({ jitless: true });

import { z } from 'zod';

// Evaluated once per worker thread, before any workflow, then deep-frozen and shared by every execution (see
// ./bundle.ts). zod fills a few module-level slots lazily on first use (its default locale and memoizer in the
// global config, whether eval is allowed): frozen, they would throw in the first workflow that builds a schema,
// so they are filled here by building and running one schema of the kinds the workflows use.
const warmUp = z.object({
  s: z.string().min(1).email(),
  n: z.coerce.number().int(),
  e: z.enum(['a', 'b']),
  a: z.array(z.string()).optional(),
  u: z.discriminatedUnion('k', [z.object({ k: z.literal('x') }), z.object({ k: z.literal('y'), v: z.boolean() })]),
});
const bad = warmUp.safeParse({ s: '', n: 'x', e: 'c', u: { k: 'z' } });
if (bad.success || !z.prettifyError(bad.error)) throw new Error('zod warm-up: the invalid value passed');
warmUp.parse({ s: 'a@b.cn', n: '1', e: 'a', a: ['x'], u: { k: 'y', v: true } });

// A re-export rather than a bare import: zod declares itself free of side effects, so webpack would drop an
// unused `require('zod')` from the bundle's preload list.
export { z };

// Not the domain modules: their zod schemas are created at module level, and zod defines some methods on a schema
// the first time they are read, which a frozen, shared schema refuses. Each workflow builds its own schemas.

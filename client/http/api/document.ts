import type { Client } from '@temporalio/client';
import { loadConfig } from '../../../config';
import type { Register } from '../../../register/db';
import { buildServer } from '../server';

/**
 * The OpenAPI document exactly as the server serves it at /api/openapi.json, built in-process from the route
 * schemas: no database, no Temporal and no network are touched (no request is made).
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const app = await buildServer({ config: loadConfig({}), db: {} as Register, temporal: {} as Client, close: async () => {} });
  await app.ready();
  const doc = app.apiDocument();
  await app.close();
  return doc;
}

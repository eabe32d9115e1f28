import type { Register } from '../../register/db';
import type { Config } from '../../config';
import { postToPortal } from './webhook';
import { publishToSite, retractFromSite } from './site';
import type { PublishRequest } from './types';

export type { PublishRequest } from './types';

export interface PublishDeps {
  db: Register;
  config: Config;
}

/**
 * The publication adapter: the static portal under <DATA_DIR>/site/ by default, or the agency's portal
 * through PORTAL_WEBHOOK_URL. Both are idempotent, and the publications row is written after the adapter
 * succeeded, so the annual report never counts an item the public could not see.
 */
export function createPublishActivities(deps: PublishDeps) {
  const { config } = deps;
  return {
    /** Puts the approved version on the portal and records the publication; returns its URL. */
    async publishItem(r: PublishRequest): Promise<{ url: string }> {
      let url: string;
      if (config.PORTAL_WEBHOOK_URL) {
        await postToPortal(config.PORTAL_WEBHOOK_URL, config.PORTAL_WEBHOOK_SECRET!, `${r.itemId}/publish/v${r.version}`, { action: 'publish', agency: config.AGENCY_CODE, item: r });
        url = `${config.PORTAL_WEBHOOK_URL}#${r.itemId}`;
      } else {
        url = publishToSite(config.DATA_DIR, config.AGENCY_NAME, config.publicUrl, r).url;
      }
      const row = { version: r.version, hash: r.hash, title: r.title, category: r.category, column_name: r.column, url, published_at: r.publishedAt, retracted_at: null, retract_reason: null };
      await deps.db.insertInto('publications').values({ item_id: r.itemId, ...row }).onConflict((oc) => oc.column('item_id').doUpdateSet(row)).execute();
      return { url };
    },

    /** 撤稿: takes the item off the portal and marks the publication retracted (with the reason). */
    async retractItem(input: { itemId: string; column: string; reason: string; at: string }): Promise<void> {
      if (config.PORTAL_WEBHOOK_URL) {
        await postToPortal(config.PORTAL_WEBHOOK_URL, config.PORTAL_WEBHOOK_SECRET!, `${input.itemId}/retract`, { action: 'retract', agency: config.AGENCY_CODE, itemId: input.itemId, reason: input.reason });
      } else {
        retractFromSite(config.DATA_DIR, config.AGENCY_NAME, config.publicUrl, input.itemId, input.column);
      }
      await deps.db.updateTable('publications').set({ retracted_at: input.at, retract_reason: input.reason }).where('item_id', '=', input.itemId).execute();
    },
  };
}

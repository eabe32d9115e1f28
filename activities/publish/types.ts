/** What the publication adapter receives: exactly the version the final stage approved. */
export interface PublishRequest {
  itemId: string;
  version: number;
  hash: string;
  title: string;
  body: string;
  format: string;
  attachments: string[];
  category: string;
  column: string;
  section: string;
  publishedAt: string;
}

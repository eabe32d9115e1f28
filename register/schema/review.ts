/** Tables of the three-tier review (三审): migration 003_review. */
export interface ReviewTables {
  /** One row per category: the policy as JSON (domain/review/policy.ts), editable by an admin. */
  review_policies: { category: string; policy: string; updated_by: string; updated_at: string };
  /** One row per item (= reviewItem workflow ID), mirroring the workflow's state for lists and reports. */
  review_items: {
    id: string;
    title: string;
    category: string;
    author: string;
    section: string;
    column_name: string;
    status: string;
    stage: string | null;
    holder: string | null;
    current_version: number;
    current_hash: string;
    due: string | null;
    created_at: string;
    updated_at: string;
  };
  /** Every version, immutable: what each approval's hash refers to. */
  review_versions: {
    item_id: string;
    version: number;
    title: string;
    body: string;
    format: string;
    attachments: string;
    hash: string;
    created_by: string;
    created_at: string;
  };
  /** Review tasks: the queue. Open while waiting; holder null = any member of group_id may claim. */
  review_tasks: {
    id: string;
    item_id: string;
    entry: number;
    stage: string;
    stage_name: string;
    group_id: string | null;
    holder: string | null;
    due: string | null;
    status: string;
    opened_at: string;
    closed_at: string | null;
  };
  /** What went out on the portal, with category and time (the annual report counts these). */
  publications: {
    item_id: string;
    version: number;
    hash: string;
    title: string;
    category: string;
    column_name: string;
    url: string;
    published_at: string;
    retracted_at: string | null;
    retract_reason: string | null;
  };
}

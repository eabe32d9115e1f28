// Category names the console's pages read too: no zod here, so they stay out of the first page's bundle.

/** The notices of an application (补正, 延期, 收费, 征求意见, 第三十五条): reviewed only where the agency switches it on. */
export const NOTICE_CATEGORY = '依申请公开告知书';
/** The categories whose review an agency may switch off. */
export const optionalReviewCategories = [NOTICE_CATEGORY] as const;
/** Documents sent to one addressee, never published on the portal: their review ends with the last approval. */
export const addressedCategories = ['依申请公开答复', NOTICE_CATEGORY] as const;

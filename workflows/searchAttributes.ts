import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Search attributes are stored unencrypted by Temporal: business keys and states only, never personal data.
export const kindAttr = defineSearchAttributeKey('GongkaiKind', SearchAttributeType.KEYWORD);
export const statusAttr = defineSearchAttributeKey('GongkaiStatus', SearchAttributeType.KEYWORD);
export const stageAttr = defineSearchAttributeKey('GongkaiStage', SearchAttributeType.KEYWORD);
export const holderAttr = defineSearchAttributeKey('GongkaiHolder', SearchAttributeType.KEYWORD);
export const categoryAttr = defineSearchAttributeKey('GongkaiCategory', SearchAttributeType.KEYWORD);
export const dueAttr = defineSearchAttributeKey('GongkaiDue', SearchAttributeType.DATETIME);

/** Registered on the dev server at start-up and in tests (the dev server allows 10 Keyword, 3 Datetime). */
export const allSearchAttributes = [kindAttr, statusAttr, stageAttr, holderAttr, categoryAttr, dueAttr];

/**
 * Renderers of the annual report: plain async functions of the data, no global state, so the
 * `renderReport` activity can wrap them as they are.
 */
import type { ReportData } from '../../domain/report';
import { renderDocx } from './docx';
import { renderHtml } from './html';
import { renderMarkdown, type RenderOptions } from './markdown';

export { renderDocx, renderHtml, renderMarkdown, type RenderOptions };

export const reportRenderFormats = ['md', 'html', 'docx'] as const;
export type ReportRenderFormat = (typeof reportRenderFormats)[number];

export const reportRenderers: Record<ReportRenderFormat, (data: ReportData, options?: RenderOptions) => Promise<string | Buffer>> = {
  md: renderMarkdown,
  html: renderHtml,
  docx: renderDocx,
};

import { letterHtml } from '../../../../domain/application/letterHtml';

/**
 * A reply letter as it will print: its lines (the text the DOCX was made from) laid out as the DOCX lays them out
 * (domain/application/letterHtml.ts), in a frame of its own. sandbox="": nothing in it may run.
 */
export function LetterPrint({ text, id, height = 640 }: { text: string; id?: string; height?: number }) {
  return <iframe id={id} title="答复书（打印版式）" sandbox="" srcDoc={letterHtml(text.split('\n'))} style={{ width: '100%', height, border: '1px solid #eee', background: '#fff' }} />;
}

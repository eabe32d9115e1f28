import { letterHtml } from '../../domain/application/letterHtml';

/** The letter's HTML layout (domain/application/letterHtml.ts): what staff typed is text, never markup. */
test('text is escaped; the addressee flush left, the other paragraphs indented; the date 4 characters from the right', () => {
  const html = letterHtml(['答复书', 'TEST〔2026〕1号', '张三：', '经查，<b>"某"</b> & 其他。', '测试市测试局', '2026年12月1日']);
  expect(html).toContain('<p class="addressee">张三：</p>');
  expect(html).toContain('<p class="body">经查，&lt;b&gt;&quot;某&quot;&lt;/b&gt; &amp; 其他。</p>');
  expect(html).not.toContain('<b>');
  expect(html).toContain('<p class="sign" style="padding-right:4em">2026年12月1日</p>');
  // The agency's name centred over the date: 6 characters over 6.5 (its seven digits are half as wide).
  expect(html).toContain('<p class="sign first" style="padding-right:4.25em">测试市测试局</p>');
});

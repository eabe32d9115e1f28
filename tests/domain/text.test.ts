import { escapeHtml, fillPlaceholders } from '../../domain/text';

test('escapeHtml escapes what could end an element or a quoted attribute', () => {
  expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  expect(escapeHtml('示例市示例局 2025年')).toBe('示例市示例局 2025年');
});

test('fillPlaceholders fills every {{name}} and refuses one without a value, naming the template', () => {
  expect(fillPlaceholders('您好，{{name}}：第{{ n }}号', { name: '张三', n: 7 }, 'letter x')).toBe('您好，张三：第7号');
  expect(() => fillPlaceholders('{{name}} {{missing}}', { name: 'a' }, 'template review-task')).toThrow('template review-task: no value for {{missing}}');
  expect(fillPlaceholders('no placeholders {single}', {}, 't')).toBe('no placeholders {single}');
});

import fc from 'fast-check';
import { markdownToHtml, safeUrl } from '../../activities/publish/markdown';
import { renderBody } from '../../activities/publish/site';

const md = (...lines: string[]) => markdownToHtml(lines.join('\n'));

describe('what items are written with', () => {
  test('headings start at h2 (the page title is the h1), whether the author began with # or ##', () => {
    expect(md('# 一、总体情况', '', '## （一）主动公开')).toBe('<h2>一、总体情况</h2>\n<h3>（一）主动公开</h3>');
    expect(md('## 一、活动时间', '### 1. 细则')).toBe('<h2>一、活动时间</h2>\n<h3>1. 细则</h3>');
    expect(md('#没有空格不是标题')).toBe('<p>#没有空格不是标题</p>');
    expect(md('## 关闭的标题 ##  ', '### C#')).toBe('<h2>关闭的标题</h2>\n<h3>C#</h3>');
    expect(md('####### 七个井号')).toBe('<p>####### 七个井号</p>');
  });

  test('paragraphs split on blank lines; a single newline stays a line break (a 落款); 全角 indentation is kept', () => {
    expect(md('各科室：', '', '　　现将有关事项通知如下。', '', '测试局', '2026年3月5日')).toBe(
      '<p>各科室：</p>\n<p>　　现将有关事项通知如下。</p>\n<p>测试局<br>\n2026年3月5日</p>',
    );
  });

  test('lists: bullets, numbers (with their start), nested by indentation, loose items as paragraphs', () => {
    expect(md('- 甲', '- 乙')).toBe('<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>');
    expect(md('3. 丙', '4. 丁')).toBe('<ol start="3">\n<li>丙</li>\n<li>丁</li>\n</ol>');
    expect(md('1. 一', '   - 子项', '2. 二')).toBe('<ol>\n<li>一\n<ul>\n<li>子项</li>\n</ul></li>\n<li>二</li>\n</ol>');
    expect(md('- 甲', '', '- 乙')).toBe('<ul>\n<li><p>甲</p></li>\n<li><p>乙</p></li>\n</ul>');
    expect(md('正文', '- 列表紧跟段落')).toBe('<p>正文</p>\n<ul>\n<li>列表紧跟段落</li>\n</ul>');
  });

  test('tables: a header row, body rows, an escaped pipe, missing cells left empty', () => {
    expect(md('| 单位 | 数量 |', '|:---|---:|', '| 甲 \\| 乙 | 12 |', '| 丙 |')).toBe(
      '<table>\n<thead><tr><th>单位</th><th>数量</th></tr></thead>\n<tbody>\n<tr><td>甲 | 乙</td><td>12</td></tr>\n<tr><td>丙</td><td></td></tr>\n</tbody>\n</table>',
    );
  });

  test('a line with a pipe over a rule is a paragraph and a rule, not a table', () => {
    expect(md('甲 | 乙', '---')).toBe('<p>甲 | 乙</p>\n<hr>');
  });

  test('links, addresses written out, bold, italics, strike-through, code, quotes, rules', () => {
    expect(md('见[中国政府网](https://www.gov.cn/ "政策")和[指南](../items/guide.html)。')).toBe(
      '<p>见<a href="https://www.gov.cn/" title="政策">中国政府网</a>和<a href="../items/guide.html">指南</a>。</p>',
    );
    expect(md('网址：https://www.gov.cn/zhengce。邮箱：<mailto:gk@example.cn>')).toBe(
      '<p>网址：<a href="https://www.gov.cn/zhengce">https://www.gov.cn/zhengce</a>。邮箱：<a href="mailto:gk@example.cn">mailto:gk@example.cn</a></p>',
    );
    expect(md('**加粗**、*斜体*、~~删除~~、`代码`')).toBe('<p><strong>加粗</strong>、<em>斜体</em>、<s>删除</s>、<code>代码</code></p>');
    expect(md('> 引用', '', '---')).toBe('<blockquote>\n<p>引用</p>\n</blockquote>\n<hr>');
    expect(md('```', '# 不是标题 <b>', '```')).toBe('<pre><code># 不是标题 &lt;b&gt;</code></pre>');
  });
});

describe('hostile input', () => {
  test('HTML inside Markdown is shown as text, never as markup', () => {
    const out = md('<script>alert(1)</script>', '', '# <img src=x onerror=alert(2)>', '', '| <iframe src=//evil> |', '|---|', '| <b onclick=x()>a</b> |');
    expect(out).not.toMatch(/<(script|img|iframe|b)\b/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('<h2>&lt;img src=x onerror=alert(2)&gt;</h2>');
  });

  test.each([
    'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>', '//evil.example/x', '\\\\evil.example', 'javascript&#58;alert(1)',
  ])('a link to %j keeps its text and loses its address', (url) => {
    const out = md(`[点我](${url})`);
    // An address with a space or a `<` is no link to Markdown at all: the whole text stays, escaped.
    expect(out).toMatch(/^<p>(点我|\[点我\]\(.*\))<\/p>$/s);
    expect(out).not.toMatch(/<(a|script)\b/);
  });

  test('an address cannot break out of its attribute, and text cannot forge a placeholder', () => {
    expect(md('[x](https://a.cn/"onmouseover="alert(1))')).not.toMatch(/" ?onmouseover=/);
    expect(md('![x](https://a.cn/a.png"onerror="alert(1))')).not.toMatch(/" ?onerror=/);
    expect(md('\uE0000\uE001`<b>`')).toBe('<p>0<code>&lt;b&gt;</code></p>');
  });

  test('nesting typed on purpose (thousands of `>` or list markers on a line) ends as text, not as a stack overflow', () => {
    for (const deep of ['>'.repeat(50_000) + ' 甲', '- '.repeat(50_000) + '乙', '1. '.repeat(30_000) + '丙']) {
      const out = markdownToHtml(deep);
      expect(out.match(/<(blockquote|ul|ol)>/g)!.length).toBeLessThanOrEqual(13);
      expect(out).toMatch(/[甲乙丙]/);
    }
  });

  test('safeUrl: http(s), mailto and relative paths only', () => {
    for (const ok of ['https://www.gov.cn/', 'http://a.cn/x?y=1#z', 'mailto:a@b.cn', '../items/a.html', 'reports/a.docx', '#top', '?q=1']) expect(safeUrl(ok)).toBe(true);
    for (const bad of ['', 'javascript:x', 'data:x', 'ftp://a', '//a.cn', 'java\nscript:x', 'a b', 'http:\\\\a']) expect(safeUrl(bad)).toBe(false);
  });

  test('whatever the text, the output holds only the renderer\'s own tags and attributes, with safe addresses', () => {
    const tag = /<\/?([a-z0-9]+)((?:\s+[a-z]+="[^"<>]*")*)\s*>/g;
    const tags = new Set(['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'pre', 'code', 'a', 'img', 'strong', 'em', 's']);
    const pieces = fc.constantFrom('<', '>', '"', "'", '`', '[', ']', '(', ')', '!', '*', '_', '~', '|', '-', '#', '\\', '\n', ' ', ':', '/', 'javascript:', 'https://a.cn', 'onerror=', '<script>', '1. ', '- ', '> ', '&', '&lt;', '\uE000', '\uE001', '字');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const out = markdownToHtml(parts.join(''));
        for (const m of out.matchAll(tag)) {
          expect(tags.has(m[1])).toBe(true);
          for (const a of m[2].matchAll(/([a-z]+)="([^"]*)"/g)) {
            expect(['href', 'src', 'title', 'alt', 'start']).toContain(a[1]);
            if (a[1] === 'href' || a[1] === 'src') expect(safeUrl(a[2].replace(/&amp;/g, '&'))).toBe(true);
          }
        }
        expect(out.replace(tag, '')).not.toMatch(/[<>"]/);
      }),
      { numRuns: 500, seed: 20261201 },
    );
  });

  test('renderBody: Markdown through the renderer and the allowlist; tables scroll in their own box', () => {
    expect(renderBody('markdown', '| 甲 |\n|---|\n| 1 |')).toContain('<div class="table-scroll"><table>');
    expect(renderBody('html', '<table><tr><td>1</td></tr></table><script>x</script>')).toBe('<div class="table-scroll"><table><tr><td>1</td></tr></table></div>');
    expect(renderBody('html', '<p class="signature">落款</p><p class="x" id="y">正文</p>')).toBe('<p class="signature">落款</p><p>正文</p>');
    expect(renderBody('html', '<!doctype html><html><head><title>报告</title><style>p{}</style></head><body><p>正文</p></body></html>')).toBe('<p>正文</p>');
  });
});

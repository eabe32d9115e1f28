import sanitizeHtml from 'sanitize-html';

/**
 * What an item written in HTML may keep on the public site (issue 13, finding 5: a `<meta http-equiv=refresh>`
 * reached /site/). An allowlist, so anything not named here goes: scripts, styles, frames, forms, meta, every
 * event handler and inline style. Links keep only http, https and mailto; images only http(s) or a same-site path.
 * Reviewers approve the text they read; they cannot be expected to spot a redirect in the markup.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'div', 'span',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
    'a', 'img', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup',
  ],
  allowedAttributes: { ol: ['start'], a: ['href', 'title'], img: ['src', 'alt', 'title', 'width', 'height'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  // The annual report's 落款 (activities/report/html.ts) keeps its right alignment through the site's stylesheet.
  allowedClasses: { p: ['signature'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // A whole HTML document (the annual report is published as one) must not leave its <title> as a stray line.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title'],
};

export function sanitizePublishedHtml(body: string): string {
  return sanitizeHtml(body, options);
}

import MarkdownIt from 'markdown-it';

/**
 * A post's body: a safe Markdown subset. CommonMark with raw HTML off (`<script>`, `onerror=` and
 * every other tag show as text), no images (a post has one cover; outside images would also tell a
 * third party who reads the page), links only to http(s), mailto and this site (`javascript:`,
 * `data:`, `vbscript:` stay text). Headings are demoted so the page keeps one h1.
 */
const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: true });
md.disable(['image', 'html_block', 'html_inline']);

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;
md.validateLink = (url: string): boolean => SAFE_URL.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  const href = String(token?.attrGet('href') ?? '');
  if (token && /^https?:/i.test(href)) token.attrSet('rel', 'nofollow noopener noreferrer ugc');
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (token) {
    const level = Math.min(6, Number(token.tag.slice(1)) + 1);
    token.tag = `h${level}`;
  }
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.heading_close = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (token) token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
  return self.renderToken(tokens, idx, options);
};

/** Markdown to inert HTML. */
export function renderPostBody(source: string): string {
  return md.render(source);
}

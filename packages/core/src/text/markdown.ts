import MarkdownIt from 'markdown-it';

/**
 * The one safe Markdown renderer (lessons of the observer school; anything else that shows text
 * someone typed as formatted text). CommonMark with raw HTML switched off: `<script>`, an
 * `onerror=` attribute or any other tag is shown as text, never parsed. Links and images take
 * http(s), mailto and site-relative addresses only (no `javascript:`, `data:`, `vbscript:`).
 * The output is escaped HTML that can go into the page as it is.
 */
const renderer = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false });

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;

renderer.validateLink = (url: string): boolean => SAFE_URL.test(url.trim());

const defaultLinkOpen =
  renderer.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
renderer.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = String(token?.attrGet('href') ?? '');
  if (token && /^https?:/i.test(href)) {
    token.attrSet('rel', 'noopener noreferrer');
    token.attrSet('target', '_blank');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const defaultImage =
  renderer.renderer.rules.image ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
renderer.renderer.rules.image = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet('loading', 'lazy');
  return defaultImage(tokens, idx, options, env, self);
};

/** Markdown to inert HTML (see above). */
export function renderMarkdown(source: string): string {
  return renderer.render(source);
}

/** The addresses of the images a text shows (for offline caching). */
export function markdownImages(source: string): string[] {
  const found: string[] = [];
  const walk = (tokens: ReturnType<typeof renderer.parse>) => {
    for (const token of tokens) {
      if (token.type === 'image') {
        const src = token.attrGet('src');
        if (src) found.push(String(src));
      }
      if (token.children) walk(token.children);
    }
  };
  walk(renderer.parse(source, {}));
  return found;
}

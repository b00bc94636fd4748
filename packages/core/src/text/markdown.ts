import MarkdownIt from 'markdown-it';

/**
 * The one safe Markdown subset of pollwatch: lessons of the observer school, posts of the public
 * site, and anything else that shows text someone typed as formatted text. CommonMark with raw HTML
 * switched off: `<script>`, an `onerror=` attribute or any other tag is shown as text, never parsed.
 * Links and images take http(s), mailto and site-relative addresses only (no `javascript:`, `data:`,
 * `vbscript:`). The output is escaped HTML that can go into the page as it is.
 *
 * Two profiles of the same rules:
 * - `lesson` (default): images allowed (loaded lazily), outside links open in a new tab.
 * - `post`: no images (a post has one cover; outside images would also tell a third party who reads
 *   the page), outside links marked `nofollow ugc`, and headings
 *   demoted one level so the page keeps its one h1.
 */
export type MarkdownProfile = 'lesson' | 'post';

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;

function build(profile: MarkdownProfile) {
  const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false });
  if (profile === 'post') md.disable(['image', 'html_block', 'html_inline']);
  md.validateLink = (url: string): boolean => SAFE_URL.test(url.trim());
  const rules = md.renderer.rules;
  rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    const href = String(token?.attrGet('href') ?? '');
    if (token && /^https?:/i.test(href)) {
      if (profile === 'post') token.attrSet('rel', 'nofollow noopener noreferrer ugc');
      else {
        token.attrSet('rel', 'noopener noreferrer');
        token.attrSet('target', '_blank');
      }
    }
    return self.renderToken(tokens, idx, options);
  };
  if (profile === 'lesson') {
    const defaultImage = rules.image;
    rules.image = (tokens, idx, options, env, self) => {
      tokens[idx]?.attrSet('loading', 'lazy');
      return defaultImage ? defaultImage(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    };
  } else {
    const demote: NonNullable<typeof rules.heading_open> = (tokens, idx, options, _env, self) => {
      const token = tokens[idx];
      if (token) token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
      return self.renderToken(tokens, idx, options);
    };
    rules.heading_open = demote;
    rules.heading_close = demote;
  }
  return md;
}

const renderers: Record<MarkdownProfile, ReturnType<typeof build>> = { lesson: build('lesson'), post: build('post') };

/** Markdown to inert HTML (see above); `lesson` unless told otherwise. */
export function renderMarkdown(source: string, profile: MarkdownProfile = 'lesson'): string {
  return renderers[profile].render(source);
}

/** The addresses of the images a text shows (for offline caching). */
export function markdownImages(source: string): string[] {
  const found: string[] = [];
  const walk = (tokens: ReturnType<typeof renderers.lesson.parse>) => {
    for (const token of tokens) {
      if (token.type === 'image') {
        const src = token.attrGet('src');
        if (src) found.push(String(src));
      }
      if (token.children) walk(token.children);
    }
  };
  walk(renderers.lesson.parse(source, {}));
  return found;
}

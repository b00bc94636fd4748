import { describe, expect, it } from 'vitest';
import { markdownImages, renderMarkdown } from './markdown.ts';

describe('the one Markdown renderer, post profile', () => {
  it('drops images, demotes headings and marks outside links as user content', () => {
    const html = renderMarkdown('# Заявление\n\n## Главное\n\n![x](/a.png) [ЦИК](https://www.election.gov.kz)', 'post');
    expect(html).toContain('<h2>Заявление</h2>');
    expect(html).toContain('<h3>Главное</h3>');
    expect(html).not.toContain('<img');
    expect(html).toContain('<a href="https://www.election.gov.kz" rel="nofollow noopener noreferrer ugc">ЦИК</a>');
  });

  it('keeps scripts and javascript: links inert as in lessons', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=1>b</b>', 'post');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<script|href="javascript|<b /i);
  });

  it('lists a lesson’s images for offline caching', () => {
    expect(markdownImages('![a](/x.png)\n\n- ![b](https://e.org/y.jpg)')).toEqual(['/x.png', 'https://e.org/y.jpg']);
  });
});

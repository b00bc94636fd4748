import type { Readable } from 'node:stream';
import { DomainError, type Post, type PostLanguage, publicAuthor, renderMarkdown } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { CoverImages } from './cover-images.ts';

export interface PublicPostView {
  slug: string;
  language: PostLanguage;
  kind: Post['kind'];
  title: string;
  lead: string;
  html: string;
  cover: string | null;
  coverAlt: string | null;
  /** A named author who agreed; else the organisation's name in the post's language (null: none set). */
  author: string | null;
  tags: string[];
  publishedAt: Date;
  updatedAt: Date;
  translations: { language: PostLanguage; slug: string; title: string }[];
}

const ORGANISATION_KEY = 'organisation';

/**
 * What the public reads of posts: published ones whose time has come, with nothing of the workflow
 * (no ids, no submitter, no drafts). Everything else answers not_found.
 */
export class PublicPostsService {
  constructor(
    private readonly store: Store,
    private readonly covers: CoverImages,
    private readonly now: () => Date,
  ) {}

  /** The organisation's name as printed on the site (only its name: never its contacts). */
  async organisationName(language: PostLanguage): Promise<string | null> {
    const org = (await this.store.settings.get(ORGANISATION_KEY)) as
      | { name?: { ru?: string; kk?: string } }
      | undefined;
    const name = org?.name;
    if (!name) return null;
    return (language === 'kk' ? name.kk : name.ru) ?? name.ru ?? null;
  }

  private async view(post: Post, html: boolean): Promise<PublicPostView> {
    const group = await this.store.posts.publicGroup(post.translationGroup, this.now());
    return {
      slug: post.slug,
      language: post.language,
      kind: post.kind,
      title: post.title,
      lead: post.lead,
      html: html ? renderMarkdown(post.body, 'post') : '',
      cover: post.coverSha256 ? `/media/${post.coverSha256}.jpg` : null,
      coverAlt: post.coverAlt,
      author: publicAuthor(post) ?? (await this.organisationName(post.language)),
      tags: post.tags,
      publishedAt: post.publishAt ?? post.updatedAt,
      updatedAt: post.updatedAt,
      translations: group
        .filter((p) => p.id !== post.id)
        .map((p) => ({ language: p.language, slug: p.slug, title: p.title })),
    };
  }

  async list(language: PostLanguage | undefined, limit = 50): Promise<PublicPostView[]> {
    const posts = await this.store.posts.listPublic(language, this.now(), limit);
    return Promise.all(posts.map((p) => this.view(p, false)));
  }

  /** With the body's HTML, for the feed. */
  async listFull(language: PostLanguage, limit = 30): Promise<PublicPostView[]> {
    const posts = await this.store.posts.listPublic(language, this.now(), limit);
    return Promise.all(posts.map((p) => this.view(p, true)));
  }

  async post(slug: string): Promise<PublicPostView> {
    const post = await this.store.posts.findPublicBySlug(slug, this.now());
    if (!post) throw new DomainError('not_found', 'no such post');
    return this.view(post, true);
  }

  /** A cover, only while a published post shows it. */
  async cover(file: string): Promise<Readable> {
    const sha256 = file.replace(/\.jpg$/, '');
    if (!this.covers.exists(sha256) || !(await this.store.posts.coverIsPublic(sha256, this.now()))) {
      throw new DomainError('not_found', 'no such image');
    }
    return this.covers.read(sha256);
  }
}

import type { AuthorKind, Post, PostKind, PostLanguage, PostStatus } from '@pollwatch/core';
import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database, PostsTable } from '../schema.ts';
import { boolValue, readBool, readTime, timeValue } from '../values.ts';

function toPost(row: Selectable<PostsTable>): Post {
  return {
    id: row.id,
    translationGroup: row.translation_group,
    language: row.language as PostLanguage,
    slug: row.slug,
    kind: row.kind as PostKind,
    status: row.status as PostStatus,
    title: row.title,
    lead: row.lead,
    body: row.body,
    coverSha256: row.cover_sha256,
    coverAlt: row.cover_alt,
    authorKind: row.author_kind as AuthorKind,
    authorName: row.author_name,
    authorConsent: readBool(row.author_consent),
    tags: JSON.parse(row.tags) as string[],
    electionId: row.election_id,
    submittedBy: row.submitted_by,
    publishAt: row.publish_at === null ? null : readTime(row.publish_at),
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
  };
}

export type NewPost = Omit<Post, 'createdAt' | 'updatedAt' | 'publishAt' | 'status'> & { status: PostStatus };
export type PostPatch = Partial<
  Pick<
    Post,
    | 'kind'
    | 'title'
    | 'lead'
    | 'body'
    | 'authorKind'
    | 'authorName'
    | 'authorConsent'
    | 'tags'
    | 'slug'
    | 'electionId'
    | 'coverAlt'
    | 'coverSha256'
    | 'status'
    | 'publishAt'
  >
>;

/** The public site's posts (issue 19): one row per language; translations share a group. */
export class PostsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async findById(id: string): Promise<Post | undefined> {
    const row = await this.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPost(row) : undefined;
  }

  /** Slugs equal to `base` or `base-N`: to pick a free one. */
  async slugsLike(base: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('posts')
      .select('slug')
      .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
      .execute();
    return new Set(rows.map((r) => r.slug));
  }

  /** The staff list, newest first (a bounded editorial list; filters in SQL). */
  async list(filter: { status?: PostStatus | undefined; language?: PostLanguage | undefined }): Promise<Post[]> {
    let q = this.db.selectFrom('posts').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.language) q = q.where('language', '=', filter.language);
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id').limit(500).execute();
    return rows.map(toPost);
  }

  /** Every language version of a post. */
  async group(translationGroup: string): Promise<Post[]> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('translation_group', '=', translationGroup)
      .orderBy('created_at')
      .execute();
    return rows.map(toPost);
  }

  async create(post: NewPost, createdBy: string | null, now: Date): Promise<Post> {
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('posts')
      .values({
        id: post.id,
        translation_group: post.translationGroup,
        language: post.language,
        slug: post.slug,
        kind: post.kind,
        status: post.status,
        title: post.title,
        lead: post.lead,
        body: post.body,
        cover_sha256: post.coverSha256,
        cover_alt: post.coverAlt,
        author_kind: post.authorKind,
        author_name: post.authorName,
        author_consent: boolValue(this.dialect, post.authorConsent),
        tags: JSON.stringify(post.tags),
        election_id: post.electionId,
        submitted_by: post.submittedBy,
        publish_at: null,
        created_by: createdBy,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return (await this.findById(post.id)) as Post;
  }

  async update(id: string, patch: PostPatch, now: Date): Promise<void> {
    const set: Partial<Record<keyof PostsTable, unknown>> = { updated_at: timeValue(this.dialect, now) };
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.lead !== undefined) set.lead = patch.lead;
    if (patch.body !== undefined) set.body = patch.body;
    if (patch.authorKind !== undefined) set.author_kind = patch.authorKind;
    if (patch.authorName !== undefined) set.author_name = patch.authorName;
    if (patch.authorConsent !== undefined) set.author_consent = boolValue(this.dialect, patch.authorConsent);
    if (patch.tags !== undefined) set.tags = JSON.stringify(patch.tags);
    if (patch.slug !== undefined) set.slug = patch.slug;
    if (patch.electionId !== undefined) set.election_id = patch.electionId;
    if (patch.coverAlt !== undefined) set.cover_alt = patch.coverAlt;
    if (patch.coverSha256 !== undefined) set.cover_sha256 = patch.coverSha256;
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.publishAt !== undefined) {
      set.publish_at = patch.publishAt === null ? null : timeValue(this.dialect, patch.publishAt);
    }
    await this.db
      .updateTable('posts')
      .set(set as never)
      .where('id', '=', id)
      .execute();
  }

  /** Published posts whose time has come, newest first. */
  async listPublic(language: PostLanguage | undefined, now: Date, limit: number): Promise<Post[]> {
    let q = this.db
      .selectFrom('posts')
      .selectAll()
      .where('status', '=', 'published')
      .where('publish_at', '<=', timeValue(this.dialect, now));
    if (language) q = q.where('language', '=', language);
    const rows = await q.orderBy('publish_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(toPost);
  }

  async findPublicBySlug(slug: string, now: Date): Promise<Post | undefined> {
    const row = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('slug', '=', slug)
      .where('status', '=', 'published')
      .where('publish_at', '<=', timeValue(this.dialect, now))
      .executeTakeFirst();
    return row ? toPost(row) : undefined;
  }

  /** Published translations of a group (the post itself included). */
  async publicGroup(translationGroup: string, now: Date): Promise<Post[]> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('translation_group', '=', translationGroup)
      .where('status', '=', 'published')
      .where('publish_at', '<=', timeValue(this.dialect, now))
      .execute();
    return rows.map(toPost);
  }

  /** Whether a published post shows this cover (covers of drafts stay private). */
  async coverIsPublic(sha256: string, now: Date): Promise<boolean> {
    const row = await this.db
      .selectFrom('posts')
      .select('id')
      .where('cover_sha256', '=', sha256)
      .where('status', '=', 'published')
      .where('publish_at', '<=', timeValue(this.dialect, now))
      .executeTakeFirst();
    return row !== undefined;
  }
}

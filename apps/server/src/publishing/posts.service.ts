import { randomUUID } from 'node:crypto';
import {
  type CreatePostBody,
  cleanTags,
  DomainError,
  freeSlug,
  isPublic,
  type Post,
  type PostsQuery,
  type PublishPostBody,
  type SubmitOpinionBody,
  slugify,
  type UpdatePostBody,
} from '@pollwatch/core';
import type { PostPatch, Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';
import type { CoverImages } from './cover-images.ts';

export interface PostView {
  post: Post;
  translations: Pick<Post, 'id' | 'language' | 'title' | 'status'>[];
  isPublic: boolean;
}

/**
 * Editors' work on posts (issue 19): write in one language, add translations, publish now or at a
 * time, unpublish; observers send opinions from the field app for review. Every change is audited
 * in its transaction; the audit details never copy a post's text or an author's name.
 */
export class PostsService {
  constructor(
    private readonly store: Store,
    private readonly covers: CoverImages,
    private readonly now: () => Date,
  ) {}

  private async view(store: Store, post: Post): Promise<PostView> {
    const group = await store.posts.group(post.translationGroup);
    return {
      post,
      translations: group
        .filter((p) => p.id !== post.id)
        .map((p) => ({ id: p.id, language: p.language, title: p.title, status: p.status })),
      isPublic: isPublic(post, this.now()),
    };
  }

  private async find(store: Store, id: string): Promise<Post> {
    const post = await store.posts.findById(id);
    if (!post) throw new DomainError('not_found', 'no such post');
    return post;
  }

  private async slugFor(store: Store, wanted: string, ownId?: string): Promise<string> {
    const taken = await store.posts.slugsLike(wanted);
    if (ownId) {
      const own = await store.posts.findById(ownId);
      if (own) taken.delete(own.slug);
    }
    return freeSlug(wanted, (s) => taken.has(s));
  }

  private async electionExists(store: Store, electionId: string | null | undefined): Promise<void> {
    if (electionId && !(await store.elections.findById(electionId))) {
      throw new DomainError('validation_failed', 'no such election', [
        { in: 'body', path: '/electionId', keyword: 'exists' },
      ]);
    }
  }

  async list(query: PostsQuery): Promise<PostView[]> {
    const posts = await this.store.posts.list({ status: query.status, language: query.language });
    return Promise.all(posts.map((p) => this.view(this.store, p)));
  }

  async get(id: string): Promise<PostView> {
    return this.view(this.store, await this.find(this.store, id));
  }

  async create(actor: Actor, body: CreatePostBody): Promise<PostView> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const id = randomUUID();
      let group: string = id;
      let electionId = body.electionId ?? null;
      if (body.translationOf) {
        const original = await this.find(tx, body.translationOf);
        group = original.translationGroup;
        if ((await tx.posts.group(group)).some((p) => p.language === body.language)) {
          throw new DomainError('conflict', 'this post already has a version in that language');
        }
        electionId = body.electionId === undefined ? original.electionId : electionId;
      }
      await this.electionExists(tx, electionId);
      const slug = await this.slugFor(tx, body.slug ?? slugify(body.title));
      const post = await tx.posts.create(
        {
          id,
          translationGroup: group,
          language: body.language,
          slug,
          kind: body.kind,
          status: 'draft',
          title: body.title.trim(),
          lead: body.lead.trim(),
          body: body.body,
          coverSha256: null,
          coverAlt: body.coverAlt?.trim() || null,
          authorKind: body.authorKind,
          authorName: body.authorName?.trim() || null,
          authorConsent: body.authorConsent ?? false,
          tags: cleanTags(body.tags ?? []),
          electionId,
          submittedBy: null,
        },
        actor.user.id,
        now,
      );
      await audit(
        tx,
        actor,
        {
          action: 'post.created',
          entityType: 'post',
          entityId: id,
          details: { language: body.language, kind: body.kind, translationOf: body.translationOf ?? null },
        },
        now,
      );
      return this.view(tx, post);
    });
  }

  async update(actor: Actor, id: string, body: UpdatePostBody): Promise<PostView> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await this.find(tx, id);
      await this.electionExists(tx, body.electionId);
      const patch: PostPatch = {
        ...(body.kind !== undefined && { kind: body.kind }),
        ...(body.title !== undefined && { title: body.title.trim() }),
        ...(body.lead !== undefined && { lead: body.lead.trim() }),
        ...(body.body !== undefined && { body: body.body }),
        ...(body.authorKind !== undefined && { authorKind: body.authorKind }),
        ...(body.authorName !== undefined && { authorName: body.authorName?.trim() || null }),
        ...(body.authorConsent !== undefined && { authorConsent: body.authorConsent }),
        ...(body.tags !== undefined && { tags: cleanTags(body.tags) }),
        ...(body.electionId !== undefined && { electionId: body.electionId }),
        ...(body.coverAlt !== undefined && { coverAlt: body.coverAlt?.trim() || null }),
      };
      if (body.slug !== undefined) patch.slug = await this.slugFor(tx, body.slug, id);
      await tx.posts.update(id, patch, now);
      await audit(
        tx,
        actor,
        { action: 'post.updated', entityType: 'post', entityId: id, details: { fields: Object.keys(body).sort() } },
        now,
      );
      return this.view(tx, await this.find(tx, id));
    });
  }

  async publish(actor: Actor, id: string, body: PublishPostBody): Promise<PostView> {
    const now = this.now();
    const publishAt = body.publishAt ? new Date(body.publishAt) : now;
    return this.store.transaction(async (tx) => {
      await this.find(tx, id);
      await tx.posts.update(id, { status: 'published', publishAt }, now);
      await audit(
        tx,
        actor,
        {
          action: 'post.published',
          entityType: 'post',
          entityId: id,
          details: { publishAt: publishAt.toISOString(), scheduled: publishAt.getTime() > now.getTime() },
        },
        now,
      );
      return this.view(tx, await this.find(tx, id));
    });
  }

  async unpublish(actor: Actor, id: string): Promise<PostView> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await this.find(tx, id);
      await tx.posts.update(id, { status: 'draft', publishAt: null }, now);
      await audit(tx, actor, { action: 'post.unpublished', entityType: 'post', entityId: id }, now);
      return this.view(tx, await this.find(tx, id));
    });
  }

  /** The image is re-encoded before anything is stored; a file that is not an image changes nothing. */
  async setCover(actor: Actor, id: string, image: Buffer): Promise<PostView> {
    await this.find(this.store, id);
    const sha256 = await this.covers.store(image);
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await this.find(tx, id);
      await tx.posts.update(id, { coverSha256: sha256 }, now);
      await audit(tx, actor, { action: 'post.cover_set', entityType: 'post', entityId: id, details: { sha256 } }, now);
      return this.view(tx, await this.find(tx, id));
    });
  }

  /** For the editor's preview: the cover of any post, published or not. */
  async cover(id: string) {
    const post = await this.find(this.store, id);
    if (!post.coverSha256 || !this.covers.exists(post.coverSha256)) throw new DomainError('not_found', 'no cover');
    return this.covers.read(post.coverSha256);
  }

  /** An observer's opinion: waits for an editor (status `submitted`); named only with consent. */
  async submitOpinion(actor: Actor, body: SubmitOpinionBody): Promise<{ id: string }> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const id = randomUUID();
      const named = body.authorConsent && Boolean(body.authorName?.trim());
      await tx.posts.create(
        {
          id,
          translationGroup: id,
          language: body.language,
          slug: await this.slugFor(tx, slugify(body.title)),
          kind: 'opinion',
          status: 'submitted',
          title: body.title.trim(),
          lead: '',
          body: body.body,
          coverSha256: null,
          coverAlt: null,
          authorKind: named ? 'named' : 'organisation',
          authorName: named ? (body.authorName?.trim() ?? null) : null,
          authorConsent: named,
          tags: [],
          electionId: null,
          submittedBy: actor.user.id,
        },
        null,
        now,
      );
      await audit(
        tx,
        actor,
        { action: 'post.submitted', entityType: 'post', entityId: id, details: { language: body.language } },
        now,
      );
      return { id };
    });
  }
}

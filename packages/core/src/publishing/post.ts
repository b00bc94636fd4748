import { transliterate } from '../text/transliterate.ts';

/** The public site's posts (issue 19): statements and observers' opinions, one per language. */
export const postLanguages = ['ru', 'kk', 'en'] as const;
export type PostLanguage = (typeof postLanguages)[number];
export const postKinds = ['statement', 'opinion'] as const;
export type PostKind = (typeof postKinds)[number];
/**
 * `draft`: the editor works on it; `submitted`: an observer sent an opinion from the field app and
 * it waits for an editor's review; `published`: public from `publishAt` on (scheduled when later).
 * Unpublishing brings a post back to `draft`.
 */
export const postStatuses = ['draft', 'submitted', 'published'] as const;
export type PostStatus = (typeof postStatuses)[number];
/** `organisation`: signed by the HQ; `named`: by a person who agreed to be named. */
export const authorKinds = ['organisation', 'named'] as const;
export type AuthorKind = (typeof authorKinds)[number];

export const POST_TITLE_MAX = 200;
export const POST_LEAD_MAX = 600;
export const POST_BODY_MAX = 40_000;
export const POST_TAGS_MAX = 8;
export const POST_TAG_MAX = 40;
export const POST_SLUG_MAX = 80;
export const COVER_MAX_BYTES = 8 * 1024 * 1024;

export interface Post {
  id: string;
  translationGroup: string;
  language: PostLanguage;
  slug: string;
  kind: PostKind;
  status: PostStatus;
  title: string;
  lead: string;
  body: string;
  coverSha256: string | null;
  coverAlt: string | null;
  authorKind: AuthorKind;
  authorName: string | null;
  authorConsent: boolean;
  tags: string[];
  electionId: string | null;
  /** Set for an opinion an observer sent: staff-only, never public. */
  submittedBy: string | null;
  publishAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A post as the public may read it (no ids of people, no workflow state). */
export interface PublicPost {
  slug: string;
  language: PostLanguage;
  kind: PostKind;
  title: string;
  lead: string;
  body: string;
  coverSha256: string | null;
  coverAlt: string | null;
  /** The organisation's name, or the named author when they agreed (else the organisation). */
  author: string | null;
  tags: string[];
  publishedAt: Date;
  updatedAt: Date;
  /** Published translations of the same post. */
  translations: { language: PostLanguage; slug: string; title: string }[];
}

/** Public when published and its time has come. */
export function isPublic(post: Pick<Post, 'status' | 'publishAt'>, now: Date): boolean {
  return post.status === 'published' && post.publishAt !== null && post.publishAt.getTime() <= now.getTime();
}

/** The author line shown in public: a person's name only with their consent. */
export function publicAuthor(post: Pick<Post, 'authorKind' | 'authorName' | 'authorConsent'>): string | null {
  if (post.authorKind === 'named' && post.authorConsent && post.authorName?.trim()) return post.authorName.trim();
  return null;
}

/** A URL slug from a title in any of the three languages: Latin letters, digits and hyphens. */
export function slugify(title: string): string {
  const latin = transliterate(title.normalize('NFC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = latin.slice(0, POST_SLUG_MAX).replace(/-+$/g, '');
  return cut || 'post';
}

/** The first free slug: `base`, `base-2`, `base-3`… (a collision is resolved, never a 500). */
export function freeSlug(base: string, taken: (slug: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, POST_SLUG_MAX - String(n).length - 1)}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

/** Tags trimmed, lower-cased, unique, in the order given. */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const t = tag.trim().toLocaleLowerCase().replace(/\s+/g, ' ');
    if (t) seen.add(t);
  }
  return [...seen];
}

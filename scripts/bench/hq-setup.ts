// An HQ as the benchmarks over a whole election start it, through the real HTTP API: the first
// admin, an election with its ballot options, and regions. Used by the resolution bench (the
// dashboard bench keeps its own copy, owned elsewhere).

/** A small deterministic generator, so every run builds the same election. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ApiAnswer {
  bytes: Uint8Array;
  /** The session cookie the answer set (`name=value`), or ''. */
  cookie: string;
  json<T = any>(): T;
}

/** Calls the server at `base` as a browser on its own origin would (same-origin checks pass). */
export function apiClient(base: string) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    cookie?: string,
    retry = true,
  ): Promise<ApiAnswer> => {
    // A keep-alive socket left idle while the data was written is closed by the server: ask again.
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        origin: base,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((error: unknown) => {
      if (retry && error instanceof TypeError) return null;
      throw error;
    });
    if (!r) return call(method, path, body, cookie, false);
    const bytes = new Uint8Array(await r.arrayBuffer());
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${Buffer.from(bytes).toString().slice(0, 300)}`);
    return {
      bytes,
      cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      json: () => JSON.parse(Buffer.from(bytes).toString()),
    };
  };
  return call;
}

export interface Hq {
  call: ReturnType<typeof apiClient>;
  /** The admin's session cookie. */
  admin: string;
  adminId: string;
  electionId: string;
  regionIds: string[];
}

/** The first admin, one election with `candidates` ballot options, and `regions` top-level regions. */
export async function setUpHq(
  base: string,
  o: { electionName: { ru: string; kk?: string }; votingDate: string; candidates: number; regions: number },
): Promise<Hq> {
  const call = apiClient(base);
  const admin = (
    await call('POST', '/api/v1/setup', {
      email: 'bench@example.org',
      displayName: 'Bench',
      password: 'benchmark password',
    })
  ).cookie;
  const me = (await call('GET', '/api/v1/me', undefined, admin)).json();
  const election = (
    await call(
      'POST',
      '/api/v1/elections',
      {
        name: o.electionName,
        kind: 'presidential',
        votingDate: o.votingDate,
        timeZone: 'Asia/Almaty',
        ballotOptions: Array.from({ length: o.candidates }, (_, i) => ({
          code: `c${i + 1}`,
          kind: 'candidate',
          name: { ru: `Кандидат ${i + 1}` },
        })),
      },
      admin,
    )
  ).json().election;
  const regionIds: string[] = [];
  for (let r = 0; r < o.regions; r++) {
    const area = (
      await call(
        'POST',
        '/api/v1/areas',
        { parentId: null, level: 'region', code: `R${r + 1}`, name: { ru: `Регион ${r + 1}`, kk: `${r + 1}-өңір` } },
        admin,
      )
    ).json().area;
    regionIds.push(area.id);
  }
  return { call, admin, adminId: me.user?.id ?? me.id, electionId: election.id, regionIds };
}

import type { TestApp } from './test-app.ts';

export interface SeededElection {
  electionId: string;
  regionId: string;
  /** The district "ALA-1", when some stations were put in it. */
  districtId?: string;
  /** In the order of `numbers`. */
  stationIds: string[];
}

/**
 * What most results tests start from, made through the API as the HQ would: an election voting on
 * 10 November 2026 in Almaty's zone, the region "ALA", and stations 1, 2, 3 with 1,000 voters
 * each. `inDistrict` puts some stations in the district "ALA-1" below the region.
 */
export async function seedElection(
  t: TestApp,
  admin: string,
  options: {
    election?: Record<string, unknown>;
    numbers?: readonly number[];
    inDistrict?: (number: number) => boolean;
  } = {},
): Promise<SeededElection> {
  const post = async (url: string, body: unknown, key: string) => {
    const response = await t.request({ method: 'POST', url, cookie: admin, body });
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json()[key] as { id: string };
  };
  const election = await post(
    '/api/v1/elections',
    {
      name: { ru: 'Выборы' },
      kind: 'presidential',
      votingDate: '2026-11-10',
      timeZone: 'Asia/Almaty',
      ...options.election,
    },
    'election',
  );
  const region = await post(
    '/api/v1/areas',
    { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } },
    'area',
  );
  const numbers = options.numbers ?? [1, 2, 3];
  const inDistrict = options.inDistrict;
  const district =
    inDistrict && numbers.some(inDistrict)
      ? await post(
          '/api/v1/areas',
          { parentId: region.id, level: 'district', code: 'ALA-1', name: { ru: 'Алмалинский район' } },
          'area',
        )
      : undefined;
  const stationIds: string[] = [];
  for (const number of numbers) {
    const areaId = district && inDistrict?.(number) ? district.id : region.id;
    const station = await post(
      `/api/v1/elections/${election.id}/stations`,
      { areaId, number, address: `Адрес ${number}`, registeredVoters: 1000 },
      'station',
    );
    stationIds.push(station.id);
  }
  return {
    electionId: election.id,
    regionId: region.id,
    ...(district ? { districtId: district.id } : {}),
    stationIds,
  };
}

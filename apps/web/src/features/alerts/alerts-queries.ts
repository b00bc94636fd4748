import { useQuery } from '@tanstack/react-query';
import { alertsKeys } from './alerts.keys.ts';
import { alertsApi } from './alerts-api.ts';

/** Alerts fall due as time passes, not only when reports arrive: asked again every minute. */
export const ALERTS_REFRESH_MS = 60_000;
export const ALERTS_SHOWN = 50;

export function useAlerts(electionId: string) {
  return useQuery({
    queryKey: alertsKeys.list(electionId),
    queryFn: () => alertsApi.list(electionId, ALERTS_SHOWN),
    refetchInterval: ALERTS_REFRESH_MS,
  });
}

import { useEffect, useRef, useState } from 'react';
import { parseReportEvent } from './live-feed.ts';
import { type ReportAcceptedEvent, reportsUrls } from './reports-api.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** After the server closed the stream for good (EventSource gives up), try again this much later. */
const RETRY_MS = 5_000;

/**
 * Subscribes to an election's accepted reports (server-sent events). The browser reconnects by
 * itself after a dropped connection; `onOpen` runs on every (re)connection so that the caller can
 * refetch what may have been missed meanwhile.
 */
export function useReportEvents(
  electionId: string,
  handlers: { onEvent: (event: ReportAcceptedEvent) => void; onOpen?: () => void },
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: number | undefined;
    let stopped = false;

    const connect = () => {
      source = new EventSource(reportsUrls.events(electionId), { withCredentials: true });
      source.addEventListener('open', () => {
        setStatus('live');
        latest.current.onOpen?.();
      });
      source.addEventListener('report.accepted', (message) => {
        const event = parseReportEvent((message as MessageEvent<string>).data);
        if (event && event.electionId === electionId) latest.current.onEvent(event);
      });
      source.addEventListener('error', () => {
        if (stopped) return;
        setStatus('reconnecting');
        // CONNECTING: the browser retries by itself. CLOSED: it has given up (an error status).
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retry = window.setTimeout(connect, RETRY_MS);
        }
      });
    };

    setStatus('connecting');
    connect();
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      source?.close();
    };
  }, [electionId]);

  return status;
}

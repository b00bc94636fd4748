import { useEffect, useRef, useState } from 'react';
import { parseReportEvent } from './live-feed.ts';
import { type ReportAcceptedEvent, reportsUrls } from './reports-api.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** After the server closed the stream for good (EventSource gives up), try again this much later. */
const RETRY_MS = 5_000;
/** `EventSource.CLOSED`, spelled out so that this file also loads where there is no EventSource. */
const CLOSED = 2;

export interface LiveStreamHandlers {
  onEvent: (event: ReportAcceptedEvent) => void;
  /** Every (re)connection: refetch what may have been missed meanwhile. */
  onOpen?: () => void;
  /** The server dropped this reader (`resync`: too far behind): events were lost, refetch everything. */
  onResync?: () => void;
}

/** The part of the browser's EventSource the stream uses. */
export type LiveSource = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'>;

/**
 * Opens an election's stream of accepted reports (server-sent events) and keeps it open: the
 * browser reconnects by itself after a dropped connection; after it gives up, this tries again in
 * `RETRY_MS`; after a `resync` (the server ends the stream of a reader more than its buffer behind)
 * it reconnects at once, after `onResync`. Returns the function that closes it for good.
 */
export function openLiveStream(
  electionId: string,
  handlers: () => LiveStreamHandlers,
  setStatus: (status: LiveStatus) => void,
  createSource: (url: string) => LiveSource = (url) => new EventSource(url, { withCredentials: true }),
): () => void {
  let source: LiveSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const connect = () => {
    const current = createSource(reportsUrls.events(electionId));
    source = current;
    current.addEventListener('open', () => {
      setStatus('live');
      handlers().onOpen?.();
    });
    current.addEventListener('report.accepted', (message) => {
      const event = parseReportEvent((message as MessageEvent<string>).data);
      if (event && event.electionId === electionId) handlers().onEvent(event);
    });
    current.addEventListener('resync', () => {
      if (stopped) return;
      current.close();
      setStatus('reconnecting');
      handlers().onResync?.();
      clearTimeout(retry);
      retry = setTimeout(connect, 0);
    });
    current.addEventListener('error', () => {
      if (stopped || source !== current) return;
      setStatus('reconnecting');
      // CONNECTING: the browser retries by itself. CLOSED: it has given up (an error status).
      if (current.readyState === CLOSED) {
        current.close();
        retry = setTimeout(connect, RETRY_MS);
      }
    });
  };

  setStatus('connecting');
  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}

/**
 * Subscribes to an election's accepted reports (server-sent events) while the component is
 * mounted; `onOpen` runs on every (re)connection and `onResync` when the server says events were
 * dropped, so that the caller can refetch what was missed.
 */
export function useReportEvents(electionId: string, handlers: LiveStreamHandlers): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => openLiveStream(electionId, () => latest.current, setStatus), [electionId]);

  return status;
}

import pg from 'pg';

/**
 * Listens on a PostgreSQL notification channel on a connection of its own, calling `onNotify` for
 * each notification and once after every (re)connection (what happened while it was away is unknown).
 * Reconnects after a lost connection; `stop` ends it.
 */
export function listenForNotifications(url: string, channel: string, onNotify: () => void, onError: (error: unknown) => void = () => undefined): { stop: () => Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url, application_name: `listen:${channel}` });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    next.on('error', (error) => {
      onError(error);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      if (!stopped) retry = setTimeout(() => void connect(), 2_000);
    });
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
      client = next;
      onNotify();
    } catch (error) {
      onError(error);
      void next.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), 2_000);
    }
  };
  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

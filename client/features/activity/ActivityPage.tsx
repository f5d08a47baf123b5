import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { auditToCsv, auditToJsonLines } from '../../../shared/domain/audit-export.ts';
import { auditActions, auditActionSchema, type AuditEvent, type AuditListInput } from '../../../shared/schemas/audit.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Skeleton } from '../../ui/Card.tsx';
import page from '../../ui/Page.module.css';
import table from '../../ui/Table.module.css';
import field from '../../ui/TextField.module.css';
import { useToast } from '../../ui/Toaster.tsx';
import { ACTION_LABELS } from './action-labels.ts';
import { changeText, describeChanges } from './audit-diff.ts';
import { localDate, saveFile } from './save-file.ts';
import styles from './ActivityPage.module.css';

const PAGE_SIZE = 25;
/** The most `audit.list` hands out at once; a download walks every page at this size. */
const EXPORT_PAGE_SIZE = 100;

type Filters = Pick<AuditListInput, 'widgetId' | 'action' | 'actorId'>;

/** The filters live in the URL (?widget=…&action=…&actor=…), so a filtered view can be shared. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const action = auditActionSchema.safeParse(params.get('action'));
  const filters: Filters = {
    ...(params.get('widget') ? { widgetId: params.get('widget') ?? '' } : {}),
    ...(action.success ? { action: action.data } : {}),
    ...(params.get('actor') ? { actorId: params.get('actor') ?? '' } : {}),
  };
  const setFilter = (name: 'widget' | 'action' | 'actor', value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return { filters, setFilter, clear: () => setParams({}, { replace: true }), active: Object.keys(filters).length > 0 };
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeZone = timeFormat.resolvedOptions().timeZone;

/** Who did what, when, to which widget: the account's audit log, newest first. */
export default function ActivityPage() {
  const { filters, setFilter, clear, active } = useFilters();
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ limit: PAGE_SIZE, ...filters }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const widgets = useQuery(trpc.widgets.list.queryOptions());
  const widgetNames = new Map(widgets.data?.map((w) => [w.id, w.name]));
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className={page.page}>
      <header className={styles.header}>
        <div>
          <h1 className={page.title}>Activity</h1>
          <p className={page.lead}>
            Every change to widgets, signing keys, fields and access, and who made it. Audit entries never hold secrets.
          </p>
        </div>
        <DownloadButtons filters={filters} />
      </header>
      <FilterBar filters={filters} setFilter={setFilter} clear={clear} active={active} />
      <div className={page.panel}>
        {events.isPending && <Skeleton label="Loading activity" lines={5} />}
        {events.isError && (
          <div className={styles.panelMessage}>
            <Alert tone="error">Activity could not be loaded: {events.error.message}</Alert>
          </div>
        )}
        {events.data && items.length === 0 && (
          <p className={page.empty}>{active ? 'No activity matches these filters.' : 'No activity yet. Changes made in the console or through the API show here.'}</p>
        )}
        {items.length > 0 && <EventTable events={items} widgetNames={widgetNames} />}
      </div>
      {events.hasNextPage && (
        <Button className={styles.more} pending={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          Load more
        </Button>
      )}
    </div>
  );
}

function FilterBar({
  filters,
  setFilter,
  clear,
  active,
}: {
  filters: Filters;
  setFilter: (name: 'widget' | 'action' | 'actor', value: string) => void;
  clear: () => void;
  active: boolean;
}) {
  const ids = { widget: useId(), action: useId(), actor: useId() };
  const widgets = useQuery(trpc.widgets.list.queryOptions());
  const users = useQuery(trpc.users.list.queryOptions());
  const apiKeys = useQuery(trpc.apiKeys.list.queryOptions());
  return (
    <div role="group" aria-label="Filters" className={styles.filters}>
      <div className={field.field}>
        <label htmlFor={ids.widget} className={field.label}>
          Widget
        </label>
        <select id={ids.widget} className={`${field.input} ${styles.select}`} value={filters.widgetId ?? ''} onChange={(e) => setFilter('widget', e.target.value)}>
          <option value="">All widgets</option>
          {widgets.data?.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      <div className={field.field}>
        <label htmlFor={ids.action} className={field.label}>
          Action
        </label>
        <select id={ids.action} className={`${field.input} ${styles.select}`} value={filters.action ?? ''} onChange={(e) => setFilter('action', e.target.value)}>
          <option value="">All actions</option>
          {auditActions.map((a) => (
            <option key={a} value={a}>
              {ACTION_LABELS[a]}
            </option>
          ))}
        </select>
      </div>
      <div className={field.field}>
        <label htmlFor={ids.actor} className={field.label}>
          Actor
        </label>
        <select id={ids.actor} className={`${field.input} ${styles.select}`} value={filters.actorId ?? ''} onChange={(e) => setFilter('actor', e.target.value)}>
          <option value="">Anyone</option>
          {users.data && users.data.length > 0 && (
            <optgroup label="People">
              {users.data.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </optgroup>
          )}
          {apiKeys.data && apiKeys.data.length > 0 && (
            <optgroup label="API keys">
              {apiKeys.data.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.revokedAt ? `${k.name} (revoked)` : k.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      {active && (
        <Button variant="ghost" className={styles.clear} onClick={clear}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

function EventTable({ events, widgetNames }: { events: AuditEvent[]; widgetNames: Map<string, string> }) {
  const users = useQuery(trpc.users.list.queryOptions());
  const userNames = new Map(users.data?.map((u) => [u.id, u.name]));
  return (
    <div className={`${table.scroll} ${styles.scroller}`}>
      <table className={`${table.table} ${styles.events}`}>
        <caption className="visually-hidden">Activity, newest first</caption>
        <thead>
          <tr>
            <th scope="col">
              Time <span className={styles.zone}>({timeZone})</span>
            </th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Widget</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        {events.map((event) => (
          <EventRows key={event.id} event={event} widgetName={event.widgetId ? (widgetNames.get(event.widgetId) ?? event.widgetId) : null} userName={event.actor.id ? userNames.get(event.actor.id) : undefined} />
        ))}
      </table>
    </div>
  );
}

/** One event: its row, and under it, when opened, what it changed. */
function EventRows({ event, widgetName, userName }: { event: AuditEvent; widgetName: string | null; userName: string | undefined }) {
  const [open, setOpen] = useState(false);
  const changesId = useId();
  const changes = describeChanges(event.before, event.after);
  const action = ACTION_LABELS[event.action];
  return (
    <tbody className={styles.event}>
      <tr>
        <td className={styles.time} data-label="Time">
          <time dateTime={event.occurredAt} title={event.occurredAt}>
            {timeFormat.format(new Date(event.occurredAt))}
          </time>
        </td>
        <td data-label="Actor">
          <div>
            <span className={styles.strong}>{userName && event.actor.type === 'user' ? userName : event.actor.label}</span>
            {userName && event.actor.type === 'user' && <span className={`${table.muted} ${styles.below}`}>{event.actor.label}</span>}
          </div>
        </td>
        <td data-label="Action">{action}</td>
        <td data-label="Widget" className={widgetName ? undefined : styles.noValue}>
          {widgetName ?? <span className={table.muted}>—</span>}
        </td>
        <td data-label="Details" className={!event.kid && changes.length === 0 ? styles.noValue : undefined}>
          <div className={styles.details}>
            {event.kid && (
              <span>
                <span className={table.muted}>Key </span>
                <code className={table.code}>{event.kid}</code>
              </span>
            )}
            {changes.length > 0 && (
              <Button variant="ghost" className={styles.toggle} aria-expanded={open} aria-controls={changesId} onClick={() => setOpen((v) => !v)}>
                {open ? 'Hide changes' : 'Show changes'}
                <span className="visually-hidden"> of {action}</span>
              </Button>
            )}
            {!event.kid && changes.length === 0 && <span className={table.muted}>—</span>}
          </div>
        </td>
      </tr>
      {changes.length > 0 && (
        <tr id={changesId} hidden={!open} className={styles.changesRow}>
          <td colSpan={5}>
            <ul className={styles.changes} aria-label={`Changes: ${action}`}>
              {changes.map((change) => (
                <li key={change.field}>{changeText(change)}</li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </tbody>
  );
}

const FORMATS = {
  csv: { label: 'Download CSV', extension: 'csv', type: 'text/csv;charset=utf-8', write: auditToCsv },
  jsonl: { label: 'Download JSON Lines', extension: 'jsonl', type: 'application/x-ndjson', write: auditToJsonLines },
} as const;

/** Downloads the whole filtered log, every page of it, as CSV or JSON Lines. */
function DownloadButtons({ filters }: { filters: Filters }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [pending, setPending] = useState<keyof typeof FORMATS | null>(null);

  async function download(format: keyof typeof FORMATS) {
    const { extension, type, write } = FORMATS[format];
    setPending(format);
    try {
      const all: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const result: { items: AuditEvent[]; nextCursor: string | null } = await queryClient.fetchQuery(trpc.audit.list.queryOptions({ ...filters, limit: EXPORT_PAGE_SIZE, cursor }, { staleTime: 0 }));
        all.push(...result.items);
        cursor = result.nextCursor;
      } while (cursor);
      const fileName = `activity-${localDate()}.${extension}`;
      saveFile(fileName, write(all), type);
      toast('success', `Downloaded ${all.length} ${all.length === 1 ? 'event' : 'events'} as ${fileName}.`);
    } catch (error) {
      toast('error', `The activity could not be downloaded: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setPending(null);
    }
  }

  return (
    <div className={styles.downloads}>
      {(Object.keys(FORMATS) as (keyof typeof FORMATS)[]).map((format) => (
        <Button key={format} pending={pending === format} disabled={pending !== null} onClick={() => void download(format)}>
          {FORMATS[format].label}
        </Button>
      ))}
    </div>
  );
}

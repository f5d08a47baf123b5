import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { preloadable, useLoaded } from '../../lib/preloadable.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import page from '../../ui/Page.module.css';
import segmented from '../../ui/Segmented.module.css';
import { WidgetHeader, WidgetLoadError } from '../../ui/WidgetHeader.tsx';
import { PERIODS, readinessView, type Period, type ReadinessView } from './readiness-data.ts';
import { ReadinessTable } from './ReadinessTable.tsx';
import { RecentFailures } from './RecentFailures.tsx';
import styles from './ReadinessPage.module.css';

/** The chart library is large: it loads with the chart, not with the console's first screen. */
const chartModule = preloadable(() => import('./ReadinessChart.tsx'));

/** A chat start shows within 10 s (SPEC §5): refreshed while the tab is open. */
const REFRESH_MS = 5_000;

/** A widget's Readiness tab: chat starts per day by outcome, and the recent failed chat starts. */
export default function ReadinessPage() {
  const widgetId = useParams().widgetId ?? '';
  const widget = useQuery(trpc.widgets.get.queryOptions({ id: widgetId }));
  const settings = useQuery(trpc.userAuth.get.queryOptions({ widgetId }));
  const error = widget.error ?? settings.error;
  const name = widget.data?.name;

  return (
    <div className={page.page}>
      <WidgetHeader widgetId={widgetId} name={name} enforcement={settings.data?.enforcement} />
      {error ? (
        <WidgetLoadError error={error} />
      ) : (
        <>
          <ChatStartsCard widgetId={widgetId} />
          <RecentFailures widgetId={widgetId} />
        </>
      )}
    </div>
  );
}

function ChatStartsCard({ widgetId }: { widgetId: string }) {
  const [days, setDays] = useState<Period>(7);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const readiness = useQuery({
    ...trpc.readiness.get.queryOptions({ widgetId, days }),
    // Opening the tab shows every chat start until now, not the 7 days the Enforce dialog read earlier.
    staleTime: 0,
    refetchInterval: REFRESH_MS,
    // Switching the period keeps the last numbers on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
  const numbers = readiness.data ? readinessView(readiness.data) : undefined;
  const shownDays = readiness.data?.days.length ?? days;

  return (
    <Card
      id="chat-starts"
      title="Chat starts by outcome"
      description="Each day (UTC) of chat starts on this widget: authenticated with a valid token, started without one, or refused with the token's rejection code."
    >
      <div className={styles.controls}>
        <div role="group" aria-label="Period" className={segmented.segmented}>
          {PERIODS.map((period) => (
            <button key={period} type="button" aria-pressed={days === period} onClick={() => setDays(period)}>
              {period} days
            </button>
          ))}
        </div>
        {numbers && numbers.totals.chats > 0 && (
          <div role="group" aria-label="Show as" className={segmented.segmented}>
            <button type="button" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
              Chart
            </button>
            <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
              Table
            </button>
          </div>
        )}
      </div>
      {readiness.isPending && <Skeleton label="Loading chat starts" lines={6} />}
      {readiness.isError && !numbers && <Alert tone="error">Chat starts could not be loaded: {readiness.error.message}</Alert>}
      {numbers && (
        <div className={styles.numbersArea} aria-busy={readiness.isPlaceholderData || undefined}>
          {numbers.totals.chats === 0 ? (
            <EmptyPeriod widgetId={widgetId} days={shownDays} />
          ) : (
            <>
              <Figures numbers={numbers} days={shownDays} />
              {view === 'chart' ? <ChartView numbers={numbers} days={shownDays} /> : <ReadinessTable view={numbers} days={shownDays} />}
            </>
          )}
        </div>
      )}
    </Card>
  );
}

function EmptyPeriod({ widgetId, days }: { widgetId: string; days: number }) {
  return (
    <p className={page.empty}>
      No chats in the last {days} days. Start a test chat from the <Link to={`/widgets/${widgetId}/user-authentication`}>User authentication</Link> tab or
      install the widget.
    </p>
  );
}

function Figures({ numbers, days }: { numbers: ReadinessView; days: number }) {
  const { chats, authenticated, rejected, droppedFields } = numbers.totals;
  return (
    <dl className={styles.figures} aria-label={`Last ${days} days`}>
      <div>
        <dt>Chat starts</dt>
        <dd>{chats}</dd>
      </div>
      <div>
        <dt>Authenticated</dt>
        <dd>
          {numbers.share}%<span className={styles.figureNote}>{authenticated} with a valid token</span>
        </dd>
      </div>
      <div>
        <dt>Token refused</dt>
        <dd>
          {rejected}
          <span className={styles.figureNote}>failed a check</span>
        </dd>
      </div>
      <div>
        <dt>With dropped fields</dt>
        <dd>
          {droppedFields}
          <span className={styles.figureNote}>unknown token fields left out</span>
        </dd>
      </div>
    </dl>
  );
}

function ChartView({ numbers, days }: { numbers: ReadinessView; days: number }) {
  const chart = useLoaded(chartModule);
  const Chart = chart.value;
  return (
    <figure className={styles.figure}>
      {Chart ? (
        <Chart view={numbers} />
      ) : chart.error ? (
        <Alert tone="error">The chart could not be loaded ({chart.error.message}). The Table view has the same numbers.</Alert>
      ) : (
        <Skeleton label="Loading the chart" lines={6} />
      )}
      <figcaption className={styles.figcaption}>
        Chat starts per day over the last {days} days, stacked by outcome; the line is the share authenticated. The Table view has the same numbers.
      </figcaption>
    </figure>
  );
}

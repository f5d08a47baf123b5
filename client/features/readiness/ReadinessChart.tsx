import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { longDay, outcomeColor, outcomeLabel, shortDay, type DayRow, type ReadinessView } from './readiness-data.ts';
import styles from './ReadinessPage.module.css';

const SHARE = 'share';

/** One bar per day with its outcomes as keys, and the share authenticated for the line. */
function chartData(view: ReadinessView) {
  return view.days.map((day) => ({ date: day.date, [SHARE]: day.share, ...Object.fromEntries(view.outcomes.map((o) => [o, day.counts[o] ?? 0])) }));
}

/**
 * Chat starts per day, stacked by outcome, with the share authenticated as a line on a percent
 * axis. Drawn for the eye only: the table of the same numbers is what a screen reader gets, so
 * the SVG stays out of the accessibility tree and out of the tab order.
 */
export default function ReadinessChart({ view }: { view: ReadinessView }) {
  const data = chartData(view);
  return (
    <div className={styles.chartFrame} aria-hidden="true">
      <ComposedChart responsive className={styles.chart} data={data} margin={{ top: 8, right: 0, bottom: 0, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#e6eaf2" />
        <XAxis dataKey="date" tickFormatter={shortDay} tick={{ fontSize: 12, fill: '#5a6478' }} tickLine={false} axisLine={{ stroke: '#dde3ee' }} minTickGap={16} />
        <YAxis yAxisId="chats" allowDecimals={false} tick={{ fontSize: 12, fill: '#5a6478' }} tickLine={false} axisLine={false} width={48} />
        <YAxis
          yAxisId={SHARE}
          orientation="right"
          domain={[0, 100]}
          ticks={[0, 25, 50, 75, 100]}
          tickFormatter={(v: number) => `${v}%`}
          tick={{ fontSize: 12, fill: '#5a6478' }}
          tickLine={false}
          axisLine={false}
          width={44}
        />
        <Tooltip content={({ active, label }) => (active ? <DayTooltip day={view.days.find((d) => d.date === label)} outcomes={view.outcomes} /> : null)} cursor={{ fill: 'rgba(47, 91, 234, 0.06)' }} />
        {view.outcomes.map((outcome) => (
          <Bar key={outcome} dataKey={outcome} name={outcomeLabel(outcome)} stackId="chats" yAxisId="chats" fill={outcomeColor(outcome)} maxBarSize={40} isAnimationActive={false} />
        ))}
        <Line
          dataKey={SHARE}
          name="Share authenticated"
          yAxisId={SHARE}
          type="linear"
          stroke="#2f5bea"
          strokeWidth={2}
          dot={{ r: 3, fill: '#2f5bea', strokeWidth: 0 }}
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
      <ul className={styles.legend}>
        {view.outcomes.map((outcome) => (
          <li key={outcome}>
            <span className={styles.swatch} style={{ background: outcomeColor(outcome) }} />
            {outcomeLabel(outcome)}
          </li>
        ))}
        <li>
          <span className={styles.lineSwatch} />
          Share authenticated (right axis)
        </li>
      </ul>
    </div>
  );
}

function DayTooltip({ day, outcomes }: { day: DayRow | undefined; outcomes: string[] }) {
  if (!day) return null;
  return (
    <div className={styles.tooltip}>
      <strong>{longDay(day.date)}</strong>
      {day.total === 0 ? (
        <span>No chat starts</span>
      ) : (
        <>
          <span>
            {day.total} chat {day.total === 1 ? 'start' : 'starts'} · {day.share}% authenticated
          </span>
          <ul>
            {outcomes
              .filter((o) => (day.counts[o] ?? 0) > 0)
              .map((o) => (
                <li key={o}>
                  <span className={styles.swatch} style={{ background: outcomeColor(o) }} />
                  {outcomeLabel(o)}: {day.counts[o]}
                </li>
              ))}
          </ul>
        </>
      )}
    </div>
  );
}

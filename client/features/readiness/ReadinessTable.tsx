import table from '../../ui/Table.module.css';
import { longDay, outcomeLabel, type ReadinessView } from './readiness-data.ts';
import styles from './ReadinessPage.module.css';

const shareText = (share: number | null) => (share === null ? '—' : `${share}%`);

/** The chart's numbers as a table, newest day first, with the period's totals at the foot. */
export function ReadinessTable({ view, days }: { view: ReadinessView; days: number }) {
  const newestFirst = [...view.days].reverse();
  return (
    <div className={`${table.scroll} ${styles.tableScroll}`} tabIndex={0} role="region" aria-labelledby="readiness-table-caption">
      <table className={`${table.table} ${styles.numbers}`}>
        <caption id="readiness-table-caption" className="visually-hidden">
          Chat starts per day (UTC) by outcome, last {days} days
        </caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {view.outcomes.map((outcome) => (
              <th key={outcome} scope="col" className={table.right}>
                {outcomeLabel(outcome)}
              </th>
            ))}
            <th scope="col" className={table.right}>
              Total
            </th>
            <th scope="col" className={table.right}>
              Share authenticated
            </th>
            <th scope="col" className={table.right}>
              With dropped fields
            </th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((day) => (
            <tr key={day.date}>
              <th scope="row">
                <time dateTime={day.date}>{longDay(day.date)}</time>
              </th>
              {view.outcomes.map((outcome) => (
                <td key={outcome} className={table.right}>
                  {day.counts[outcome] ?? 0}
                </td>
              ))}
              <td className={`${table.right} ${styles.total}`}>{day.total}</td>
              <td className={table.right}>{shareText(day.share)}</td>
              <td className={table.right}>{day.droppedFields}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All {days} days</th>
            {view.outcomes.map((outcome) => (
              <td key={outcome} className={table.right}>
                {view.totals.byOutcome[outcome] ?? 0}
              </td>
            ))}
            <td className={`${table.right} ${styles.total}`}>{view.totals.chats}</td>
            <td className={table.right}>{shareText(view.share)}</td>
            <td className={table.right}>{view.totals.droppedFields}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

import type { Provenance, ProvenanceSource } from '../../../shared/schemas/conversation.ts';
import { formatTime } from '../../lib/format.ts';
import { Badge } from '../../ui/Badge.tsx';
import styles from './Tickets.module.css';

const utc = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/** A moment in the admin's time zone; the UTC time on hover, as elsewhere in the console. */
export function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={utc(iso)}>
      {formatTime(iso)}
    </time>
  );
}

const SOURCES: Record<ProvenanceSource, { label: string; tone: 'success' | 'warning' | 'info' }> = {
  token: { label: 'From token · verified', tone: 'success' },
  visitor: { label: 'Typed by visitor · not verified', tone: 'warning' },
  ai_agent: { label: 'Set by AI agent', tone: 'info' },
};

/** Where a contact or ticket value came from and when it was set, in words (not colour alone). */
export function ProvenanceMark({ provenance }: { provenance: Provenance | undefined }) {
  if (!provenance) return null;
  const source = SOURCES[provenance.source];
  return (
    <span className={styles.provenance}>
      <Badge tone={source.tone}>{source.label}</Badge> <Time iso={provenance.setAt} />
    </span>
  );
}

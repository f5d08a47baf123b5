import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Field, FieldKind, ManagedField } from '../../../shared/schemas/fields.ts';
import { formatTime } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import page from '../../ui/Page.module.css';
import table from '../../ui/Table.module.css';
import { AddFieldDialog } from './AddFieldDialog.tsx';
import { ArchiveFieldButton } from './ArchiveFieldButton.tsx';
import { CopyNameButton } from './CopyNameButton.tsx';
import { KIND_LABELS, TYPE_LABELS } from './field-labels.ts';
import { RenameFieldButton } from './RenameFieldButton.tsx';
import styles from './FieldsPage.module.css';

/** The account's ticket and contact fields with their API names; custom ones are added, renamed, archived here. */
export default function FieldsPage() {
  const catalog = useQuery(trpc.fields.list.queryOptions({ includeArchived: true }));
  const [adding, setAdding] = useState(false);
  return (
    <div className={page.page}>
      <header className={styles.header}>
        <div>
          <h1 className={page.title}>Fields</h1>
          <p className={page.lead}>
            The ticket and contact fields a chat can fill. A token names them by API name; custom fields start with{' '}
            <code className={table.code}>cf_</code>.
          </p>
        </div>
        <Button variant="primary" onClick={() => setAdding(true)}>
          Add custom field
        </Button>
      </header>
      {catalog.isPending && <Skeleton label="Loading fields" lines={6} />}
      {catalog.isError && <Alert tone="error">The fields could not be loaded: {catalog.error.message}</Alert>}
      {catalog.data && (
        <>
          <FieldsCard kind="ticket" title="Ticket fields" fields={catalog.data.ticketFields} />
          <FieldsCard kind="contact" title="Contact fields" fields={catalog.data.contactFields} />
          <ArchivedFields fields={catalog.data.archived ?? []} />
        </>
      )}
      <AddFieldDialog open={adding} onOpenChange={setAdding} />
    </div>
  );
}

function TypeCell({ field }: { field: Pick<Field, 'type' | 'choices'> }) {
  return (
    <div>
      {TYPE_LABELS[field.type]}
      {field.choices && field.choices.length > 0 && <span className={`${table.muted} ${styles.choices}`}>{field.choices.join(', ')}</span>}
    </div>
  );
}

function FieldsCard({ kind, title, fields }: { kind: FieldKind; title: string; fields: Field[] }) {
  const id = `${kind}-fields`;
  return (
    <Card id={id} title={title}>
      {fields.length === 0 ? (
        <p className={page.empty}>No {kind} fields.</p>
      ) : (
        <div className={`${table.scroll} ${styles.scroller}`}>
          <table className={`${table.table} ${table.flush} ${styles.fields}`}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">API name</th>
                <th scope="col">Type</th>
                <th scope="col">Source</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.name}>
                  <th scope="row" className={styles.label}>
                    {f.label}
                  </th>
                  <td data-label="API name">
                    <span className={styles.apiName}>
                      <code className={table.code}>{f.name}</code>
                      <CopyNameButton name={f.name} />
                    </span>
                  </td>
                  <td data-label="Type">
                    <TypeCell field={f} />
                  </td>
                  <td data-label="Source">{f.custom ? <Badge tone="success">Custom</Badge> : <Badge tone="neutral">Built-in</Badge>}</td>
                  <td className={f.custom ? `${table.right} ${styles.rowActions}` : styles.noValue}>
                    {f.custom && (
                      <span className={styles.actions}>
                        <RenameFieldButton kind={kind} field={f} />
                        <ArchiveFieldButton kind={kind} field={f} fallbackFocusId={`${id}-title`} />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** Archived custom fields, folded away: no token fills them, and their names stay taken. */
function ArchivedFields({ fields }: { fields: ManagedField[] }) {
  const [open, setOpen] = useState(false);
  if (fields.length === 0) return null;
  return (
    <section className={styles.archived} aria-labelledby="archived-fields-title">
      <h2 id="archived-fields-title" className={styles.archivedTitle} tabIndex={-1}>
        <Button variant="ghost" aria-expanded={open} aria-controls="archived-fields" onClick={() => setOpen((v) => !v)}>
          <span aria-hidden="true" className={open ? styles.chevronOpen : styles.chevron} />
          Archived ({fields.length})
        </Button>
      </h2>
      <div id="archived-fields" hidden={!open} className={page.panel}>
        <div className={`${table.scroll} ${styles.scroller}`}>
          <table className={`${table.table} ${styles.fields}`}>
            <caption className="visually-hidden">Archived fields</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">API name</th>
                <th scope="col">Kind</th>
                <th scope="col">Type</th>
                <th scope="col">Archived</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={`${f.kind}:${f.name}`}>
                  <th scope="row" className={styles.label}>
                    {f.label}
                  </th>
                  <td data-label="API name">
                    <code className={table.code}>{f.name}</code>
                  </td>
                  <td data-label="Kind">{KIND_LABELS[f.kind]}</td>
                  <td data-label="Type">
                    <TypeCell field={f} />
                  </td>
                  <td data-label="Archived" className={table.status}>{f.archivedAt ? formatTime(f.archivedAt) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

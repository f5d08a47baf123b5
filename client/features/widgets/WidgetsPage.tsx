import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import page from '../../ui/Page.module.css';
import table from '../../ui/Table.module.css';
import styles from './WidgetsPage.module.css';

export function WidgetsPage() {
  const widgets = useQuery(trpc.widgets.list.queryOptions());
  const isAdmin = useSession().role === 'admin';

  return (
    <section aria-labelledby="widgets-title" className={page.page}>
      <header className={styles.header}>
        <h1 id="widgets-title">Widgets</h1>
        <p className={page.lead}>Each web chat widget on your sites, and whether it verifies who is chatting.</p>
      </header>
      {widgets.isPending && (
        <div className={page.panel} role="status" aria-busy="true" aria-label="Loading widgets">
          {[0, 1].map((i) => (
            <div key={i} className={styles.skeletonRow} />
          ))}
        </div>
      )}
      {widgets.isError && (
        <Alert tone="error">
          Widgets could not be loaded: {widgets.error.message}{' '}
          <Button variant="ghost" onClick={() => void widgets.refetch()}>
            Try again
          </Button>
        </Alert>
      )}
      {widgets.data && widgets.data.length === 0 && (
        <div className={page.panel}>
          <p className={page.empty}>This account has no web chat widgets yet.</p>
        </div>
      )}
      {widgets.data && widgets.data.length > 0 && (
        <div className={page.panel}>
          <table className={`${table.table} ${table.stack}`}>
            <caption className="visually-hidden">Widgets</caption>
            <thead>
              <tr>
                <th scope="col">Widget</th>
                <th scope="col">Widget token</th>
                <th scope="col">User authentication</th>
                {isAdmin && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {widgets.data.map((w) => (
                <tr key={w.id}>
                  <td>
                    <div className={styles.name}>{w.name}</div>
                    <div className={styles.host}>{w.host}</div>
                  </td>
                  <td data-label="Widget token">
                    <code className={table.code}>{w.token}</code>
                  </td>
                  <td data-label="User authentication">
                    {w.enforcement === 'enforced' ? (
                      <Badge tone="success">Enforced</Badge>
                    ) : (
                      <Badge tone="warning">Not enforced</Badge>
                    )}
                  </td>
                  {isAdmin && (
                    <td className={table.right}>
                      <ButtonLink to={`/widgets/${w.id}/user-authentication`} aria-label={`Configure ${w.name}`}>
                        Configure
                      </ButtonLink>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

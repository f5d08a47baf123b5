import { Link } from 'react-router';
import type { Enforcement } from '../../shared/schemas/widgets.ts';
import { Alert } from './Alert.tsx';
import { Badge } from './Badge.tsx';
import page from './Page.module.css';
import { TabNav, widgetTabs } from './TabNav.tsx';
import styles from './WidgetHeader.module.css';

/** The top of a widget's screens: breadcrumb, its name with the enforcement badge, and its tabs. */
export function WidgetHeader({ widgetId, name, enforcement }: { widgetId: string; name: string | undefined; enforcement: Enforcement | undefined }) {
  return (
    <>
      <nav aria-label="Breadcrumb" className={page.breadcrumb}>
        <Link to="/widgets">Widgets</Link> <span aria-hidden="true">/</span> {name ?? '…'}
      </nav>
      <header className={styles.pageHeader}>
        <h1>{name ?? 'Widget'}</h1>
        {enforcement && (enforcement === 'enforced' ? <Badge tone="success">Enforced</Badge> : <Badge tone="warning">Not enforced</Badge>)}
      </header>
      <TabNav label="Widget settings" tabs={widgetTabs(widgetId)} />
    </>
  );
}

/** Why a widget's screen cannot show, with the way back. */
export function WidgetLoadError({ error }: { error: { message: string; data?: { code?: string } | null | undefined } }) {
  return (
    <Alert tone="error">
      {error.data?.code === 'NOT_FOUND' ? 'There is no such widget in this account.' : `This widget could not be loaded: ${error.message}`}{' '}
      <Link to="/widgets">Back to widgets</Link>
    </Alert>
  );
}

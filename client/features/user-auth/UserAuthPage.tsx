import '../../lib/zod-setup.ts';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Skeleton } from '../../ui/Card.tsx';
import { TabNav, widgetTabs } from '../../ui/TabNav.tsx';
import { EditableFieldsCard } from './EditableFieldsCard.tsx';
import { EnforcementCard } from './EnforcementCard.tsx';
import { InstallCard } from './InstallCard.tsx';
import { PolicyCard } from './PolicyCard.tsx';
import { SigningKeyCard } from './SigningKeyCard.tsx';
import { TokenTools } from './TokenTools.tsx';
import page from '../../ui/Page.module.css';
import styles from './UserAuthPage.module.css';

/** A widget's User authentication tab: key, enforcement, editable fields, token policy, token tester and test tokens, install. */
export default function UserAuthPage() {
  const widgetId = useParams().widgetId ?? '';
  const widget = useQuery(trpc.widgets.get.queryOptions({ id: widgetId }));
  const settings = useQuery(trpc.userAuth.get.queryOptions({ widgetId }));
  const catalog = useQuery(trpc.fields.list.queryOptions());
  const error = widget.error ?? settings.error ?? catalog.error;
  const name = widget.data?.name;

  return (
    <div className={page.page}>
      <nav aria-label="Breadcrumb" className={page.breadcrumb}>
        <Link to="/widgets">Widgets</Link> <span aria-hidden="true">/</span> {name ?? '…'}
      </nav>
      <header className={styles.pageHeader}>
        <h1>{name ?? 'Widget'}</h1>
        {settings.data &&
          (settings.data.enforcement === 'enforced' ? <Badge tone="success">Enforced</Badge> : <Badge tone="warning">Not enforced</Badge>)}
      </header>
      <TabNav label="Widget settings" tabs={widgetTabs(widgetId)} />
      {error && (
        <Alert tone="error">
          {error.data?.code === 'NOT_FOUND' ? 'There is no such widget in this account.' : `This widget could not be loaded: ${error.message}`}{' '}
          <Link to="/widgets">Back to widgets</Link>
        </Alert>
      )}
      {!error && (!widget.data || !settings.data || !catalog.data) && <Skeleton label="Loading the widget's settings" lines={8} />}
      {widget.data && settings.data && catalog.data && (
        <>
          <SigningKeyCard />
          <EnforcementCard settings={settings.data} catalog={catalog.data} widgetName={widget.data.name} />
          {settings.data.enforcement === 'not_enforced' && <EditableFieldsCard settings={settings.data} catalog={catalog.data} />}
          <PolicyCard settings={settings.data} />
          <TokenTools settings={settings.data} catalog={catalog.data} />
          <InstallCard widget={widget.data} />
        </>
      )}
    </div>
  );
}

import '../../lib/zod-setup.ts';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { trpc } from '../../lib/trpc.ts';
import { Skeleton } from '../../ui/Card.tsx';
import { WidgetHeader, WidgetLoadError } from '../../ui/WidgetHeader.tsx';
import { EditableFieldsCard } from './EditableFieldsCard.tsx';
import { EnforcementCard } from './EnforcementCard.tsx';
import { InstallCard } from './InstallCard.tsx';
import { PolicyCard } from './PolicyCard.tsx';
import { SigningKeyCard } from './SigningKeyCard.tsx';
import { TokenTools } from './TokenTools.tsx';
import page from '../../ui/Page.module.css';

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
      <WidgetHeader widgetId={widgetId} name={name} enforcement={settings.data?.enforcement} />
      {error && (
        <WidgetLoadError error={error} />
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

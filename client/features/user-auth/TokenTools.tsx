import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FieldCatalog } from '../../../shared/schemas/fields.ts';
import type { UserAuthSettings } from '../../../shared/schemas/user-auth.ts';
import { trpc } from '../../lib/trpc.ts';
import { TestTokenCard } from './TestTokenCard.tsx';
import { TokenTesterCard } from './TokenTesterCard.tsx';

/**
 * The token tester and the test-token builder (SPEC §4.5). The pasted token lives in this
 * component's state only: never in a URL, storage or a log.
 */
export function TokenTools({ settings, catalog }: { settings: UserAuthSettings; catalog: FieldCatalog }) {
  const [token, setToken] = useState('');
  const inspect = useMutation(trpc.tokens.inspect.mutationOptions());
  const check = (value: string) => inspect.mutate({ widgetId: settings.widgetId, token: value });

  return (
    <>
      <TokenTesterCard
        widgetId={settings.widgetId}
        catalog={catalog}
        token={token}
        checkedToken={inspect.variables?.token}
        onTokenChange={setToken}
        onCheck={() => check(token)}
        onClear={() => {
          setToken('');
          inspect.reset();
        }}
        result={inspect.data}
        pending={inspect.isPending}
        error={inspect.error}
      />
      <TestTokenCard
        settings={settings}
        catalog={catalog}
        onCheck={(signed) => {
          setToken(signed);
          check(signed);
          document.getElementById('token-tester-title')?.focus();
        }}
      />
    </>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { UserAuthSettings } from '../../../shared/schemas/user-auth.ts';
import { trpc } from '../../lib/trpc.ts';
import { useToast } from '../../ui/Toaster.tsx';

/**
 * After a settings write: the answer becomes the cached settings (a refetch still on its way is
 * cancelled first, so an older answer cannot land after it), the widget list refreshes its status,
 * and the outcome is said.
 */
export function useSettingsSaved() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useCallback(
    async (next: UserAuthSettings, message: string) => {
      const key = trpc.userAuth.get.queryKey({ widgetId: next.widgetId });
      await queryClient.cancelQueries({ queryKey: key, exact: true });
      queryClient.setQueryData(key, next);
      toast('success', message);
      await queryClient.invalidateQueries(trpc.widgets.list.pathFilter());
    },
    [queryClient, toast],
  );
}

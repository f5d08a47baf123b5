import { createContext, useContext } from 'react';
import type { Me } from '../../shared/schemas/auth.ts';

export const SessionContext = createContext<Me | null>(null);

/** The signed-in caller; only used below the session gate, where there always is one. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession is used outside the signed-in part of the console');
  return me;
}

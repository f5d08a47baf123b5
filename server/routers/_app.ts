import { router } from '../trpc.ts';
import { apiKeysRouter } from './api-keys.ts';
import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { chatRouter } from './chat.ts';
import { fieldsRouter } from './fields.ts';
import { readinessRouter } from './readiness.ts';
import { signingKeysRouter } from './signing-keys.ts';
import { sessionsRouter } from './sessions.ts';
import { ticketsRouter } from './tickets.ts';
import { tokensRouter } from './tokens.ts';
import { userAuthRouter } from './user-auth.ts';
import { usersRouter } from './users.ts';
import { widgetsRouter } from './widgets.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  widgets: widgetsRouter,
  fields: fieldsRouter,
  userAuth: userAuthRouter,
  signingKeys: signingKeysRouter,
  audit: auditRouter,
  chat: chatRouter,
  tickets: ticketsRouter,
  sessions: sessionsRouter,
  readiness: readinessRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;

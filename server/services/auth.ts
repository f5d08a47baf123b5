import { and, asc, eq, isNull } from 'drizzle-orm';
import { DomainError } from '../../shared/errors.ts';
import type { LoginOutput, User } from '../../shared/schemas/auth.ts';
import type { ApiKeySummary, CreatedApiKey } from '../../shared/schemas/api-keys.ts';
import type { CreateUserInput, UserListItem } from '../../shared/schemas/users.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../crypto/passwords.ts';
import { newId, randomToken, sha256 } from '../crypto/random.ts';
import type { Clock } from '../core/clock.ts';
import { FailureWindow } from '../core/failure-window.ts';
import type { ActionMeta, Principal } from '../core/principal.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/types.ts';
import { apiKeys, sessions, users } from '../store/schema.ts';
import { recordAudit, recordSystemAudit } from './audit.ts';

export const SESSION_COOKIE = 'wca_session';
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Writes of lastSeenAt / lastUsedAt are throttled to one a minute, not one per request. */
const TOUCH_INTERVAL_MS = 60 * 1000;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Hard block per email and client IP, so nobody elsewhere can lock an admin out with five tries. */
export const LOGIN_FAILURES_PER_EMAIL_AND_IP = 5;
const LOGIN_FAILURES_PER_IP = 30;
/** Across all IPs, a much higher ceiling against distributed guessing. */
const LOGIN_FAILURES_PER_EMAIL = 50;
/** Failures for one email, from anywhere, that make a burst worth an audit event. */
export const LOGIN_BURST = 5;
const API_KEY_PREFIX = 'wca_';

const INVALID_CREDENTIALS = 'Email or password is incorrect.';

type UserRow = typeof users.$inferSelect;

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

function toApiKeySummary(row: typeof apiKeys.$inferSelect): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function createAuthService(deps: { db: Db; clock: Clock; logger: Logger }) {
  const { db, clock, logger } = deps;
  const perPair = new FailureWindow(LOGIN_FAILURES_PER_EMAIL_AND_IP, LOGIN_WINDOW_MS);
  const perIp = new FailureWindow(LOGIN_FAILURES_PER_IP, LOGIN_WINDOW_MS);
  const perEmail = new FailureWindow(LOGIN_FAILURES_PER_EMAIL, LOGIN_WINDOW_MS);

  /**
   * Counts the attempt before anything is awaited: concurrent or batched attempts each see the
   * ones before them, so a batch of guesses cannot slip past the limit. A success takes it back.
   */
  function countAttempt(email: string, ip: string, nowMs: number) {
    const keys = { pair: `${email}\n${ip}`, ip, email };
    const waitMs = Math.max(perPair.blockedFor(keys.pair, nowMs), perIp.blockedFor(ip, nowMs), perEmail.blockedFor(email, nowMs));
    if (waitMs > 0) throw signInThrottled(waitMs);
    perPair.fail(keys.pair, nowMs);
    perIp.fail(ip, nowMs);
    const emailFailures = perEmail.fail(email, nowMs);
    return {
      emailFailures,
      succeeded() {
        perPair.clear(keys.pair);
        perIp.undo(ip);
        perEmail.undo(email);
      },
    };
  }

  async function auditBurst(user: UserRow | undefined, ip: string, requestId: string, failures: number) {
    logger.warn({ requestId, ip, knownUser: Boolean(user) }, 'sign-in failure burst');
    if (!user) return;
    await recordSystemAudit(db, { accountId: user.accountId, requestId, label: 'Sign-in protection' }, clock.now(), {
      action: 'user.sign_in_failed_burst',
      after: { userId: user.id, email: user.email, failures, windowMinutes: LOGIN_WINDOW_MS / 60_000, ip },
    });
  }

  return {
    /** Same answer, and about the same time, for an unknown email and a wrong password. */
    async login(input: { email: string; password: string }, request: { ip: string; requestId: string }) {
      const now = clock.now();
      const attempt = countAttempt(input.email, request.ip, now.getTime());
      const [user] = await db.select().from(users).where(eq(users.email, input.email));
      const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !ok) {
        if (attempt.emailFailures === LOGIN_BURST) await auditBurst(user, request.ip, request.requestId, attempt.emailFailures);
        throw new DomainError('UNAUTHORIZED', INVALID_CREDENTIALS);
      }
      attempt.succeeded();
      const token = randomToken(32);
      const session = { idHash: sha256(token), csrfToken: randomToken(32) };
      await db.transaction(async (tx) => {
        await tx.insert(sessions).values({
          ...session,
          userId: user.id,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
        });
        await recordAudit(tx, { principal: principalOfUser(user, session), requestId: request.requestId }, now, {
          action: 'user.signed_in',
          after: { ip: request.ip },
        });
      });
      const output: LoginOutput = { user: toUser(user), csrfToken: session.csrfToken };
      return { output, cookieValue: token };
    },

    async logout(meta: ActionMeta & { principal: Extract<Principal, { kind: 'user' }> }) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx.delete(sessions).where(eq(sessions.idHash, meta.principal.session.idHash));
        await recordAudit(tx, meta, now, { action: 'user.signed_out' });
      });
    },

    /** The principal behind a session cookie, or null when it is unknown or expired. */
    async principalFromSession(cookieValue: string): Promise<Principal | null> {
      const now = clock.now();
      const idHash = sha256(cookieValue);
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.idHash, idHash));
      if (!row) return null;
      const idleEnd = row.session.lastSeenAt.getTime() + SESSION_IDLE_MS;
      if (row.session.expiresAt <= now || idleEnd <= now.getTime()) {
        await db.delete(sessions).where(eq(sessions.idHash, idHash));
        return null;
      }
      if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
      }
      return principalOfUser(row.user, { idHash, csrfToken: row.session.csrfToken });
    },

    async principalFromApiKey(key: string): Promise<Principal | null> {
      if (!key.startsWith(API_KEY_PREFIX)) return null;
      const now = clock.now();
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, sha256(key)), isNull(apiKeys.revokedAt)));
      if (!row) return null;
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
        await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
      }
      return { kind: 'api_key', accountId: row.accountId, role: 'admin', apiKey: { id: row.id, name: row.name } };
    },

    async listUsers(accountId: string): Promise<UserListItem[]> {
      const rows = await db.select().from(users).where(eq(users.accountId, accountId)).orderBy(asc(users.createdAt), asc(users.email));
      return rows.map((r) => ({ ...toUser(r), createdAt: r.createdAt.toISOString() }));
    },

    async createUser(meta: ActionMeta, input: CreateUserInput & { email: string }): Promise<UserListItem> {
      const now = clock.now();
      const passwordHash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        // The unique index decides, so two concurrent creations cannot both pass a check.
        const [row] = await tx
          .insert(users)
          .values({ id: newId(), accountId: meta.principal.accountId, email: input.email, name: input.name, role: input.role, passwordHash, createdAt: now })
          .onConflictDoNothing({ target: users.email })
          .returning();
        if (!row) {
          throw new DomainError('CONFLICT', `A user with the email ${input.email} already exists`, {
            email: ['A user with this email already exists'],
          });
        }
        await recordAudit(tx, meta, now, { action: 'user.created', after: { userId: row.id, email: row.email, role: row.role } });
        return { ...toUser(row), createdAt: row.createdAt.toISOString() };
      });
    },

    async createApiKey(meta: ActionMeta, name: string): Promise<CreatedApiKey> {
      const now = clock.now();
      const key = `${API_KEY_PREFIX}${randomToken(32)}`;
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(apiKeys)
          .values({
            id: newId(),
            accountId: meta.principal.accountId,
            name,
            prefix: key.slice(0, API_KEY_PREFIX.length + 6),
            keyHash: sha256(key),
            createdBy: meta.principal.kind === 'user' ? meta.principal.user.id : meta.principal.apiKey.id,
            createdAt: now,
          })
          .returning();
        if (!row) throw new Error('Inserting the API key returned nothing');
        await recordAudit(tx, meta, now, { action: 'api_key.created', after: { apiKeyId: row.id, name, prefix: row.prefix } });
        return { ...toApiKeySummary(row), key };
      });
    },

    async listApiKeys(accountId: string): Promise<ApiKeySummary[]> {
      const rows = await db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(asc(apiKeys.createdAt));
      return rows.map(toApiKeySummary);
    },

    async revokeApiKey(meta: ActionMeta, id: string): Promise<ApiKeySummary> {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(apiKeys)
          .where(and(eq(apiKeys.accountId, meta.principal.accountId), eq(apiKeys.id, id)))
          .for('update');
        if (!row) throw new DomainError('NOT_FOUND', `No API key ${id} in this account`);
        if (row.revokedAt) throw new DomainError('PRECONDITION_FAILED', `API key “${row.name}” is already revoked`);
        const [updated] = await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).returning();
        if (!updated) throw new Error('Revoking the API key updated nothing');
        await recordAudit(tx, meta, now, { action: 'api_key.revoked', after: { apiKeyId: id, name: row.name } });
        return toApiKeySummary(updated);
      });
    },

    async recordApiKeyUse(meta: ActionMeta, procedure: string) {
      await recordAudit(db, meta, clock.now(), { action: 'api_key.used', after: { procedure } });
    },
  };
}

/** TOO_MANY_REQUESTS, with the wait the HTTP layer turns into Retry-After. */
function signInThrottled(waitMs: number): DomainError {
  const minutes = Math.ceil(waitMs / 60_000);
  return DomainError.throttled(`Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, Math.ceil(waitMs / 1000));
}

function principalOfUser(user: UserRow, session: { idHash: string; csrfToken: string }): Principal {
  return { kind: 'user', accountId: user.accountId, role: user.role, user: toUser(user), session };
}

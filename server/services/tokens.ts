import { SignJWT } from 'jose';
import type { z } from 'zod';
import { DomainError } from '../../shared/errors.ts';
import { fieldValueProblem } from '../../shared/domain/field-values.ts';
import type { ChatStartOutput, chatStartTestInput } from '../../shared/schemas/chat.ts';
import type { Field } from '../../shared/schemas/fields.ts';
import type { TokensInspectOutput, TokensSignTestOutput, testTokenClaims } from '../../shared/schemas/tokens.ts';
import { inspectToken } from '../../shared/token/inspect.ts';
import type { ChatService } from '../chat/chat-service.ts';
import type { Clock } from '../core/clock.ts';
import type { ActionMeta } from '../core/principal.ts';
import type { ConfigCache } from '../settings/config-cache.ts';
import { loadKeys } from '../store/signing-keys.ts';
import type { Db } from '../store/types.ts';
import { hmacSha256Equals } from '../token/hmac.ts';
import { recordAudit } from './audit.ts';
import { findWidget } from './widgets.ts';

type Claims = z.output<typeof testTokenClaims>;
type ChatStartTestInput = z.output<typeof chatStartTestInput>;

/** A test token's default life: ten minutes, or less where the widget allows less. */
const DEFAULT_TEST_LIFETIME_SECONDS = 600;

const utf8 = new TextEncoder();

/** Which given property does not fit the catalog, as form field errors (`payload.ticketProperties.priority`). */
function propertyProblems(claims: Claims, catalog: { ticketFields: Field[]; contactFields: Field[] }): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const sides = [
    ['contactProperties', claims.contactProperties, catalog.contactFields],
    ['ticketProperties', claims.ticketProperties, catalog.ticketFields],
  ] as const;
  for (const [claim, values, fields] of sides) {
    for (const [name, value] of Object.entries(values ?? {})) {
      const field = fields.find((f) => f.name === name);
      // Unknown fields are signed as given: the tester then shows how chat start drops them.
      const problem = field ? fieldValueProblem(field, value) : null;
      if (problem) problems[`payload.${claim}.${name}`] = [`${field?.label ?? name} must be ${problem}`];
    }
  }
  if (claims.email !== undefined && fieldValueProblem({ name: 'email', type: 'email' }, claims.email)) {
    problems['payload.email'] = ['Give a valid email address, such as jo@example.com'];
  }
  if (claims.unique_external_id !== undefined && claims.unique_external_id === '') {
    problems['payload.unique_external_id'] = ['Give the visitor’s id in your system'];
  }
  return problems;
}

/** The token tester and test tokens (SPEC §4.5): the chat start's verifier, keys and policy. */
export function createTokenService(deps: { db: Db; clock: Clock; cache: ConfigCache; chat: ChatService }) {
  const { db, clock, cache, chat } = deps;

  return {
    /** Never logs, stores or audits the token: it is only read here. */
    async inspect(accountId: string, widgetId: string, token: string): Promise<TokensInspectOutput> {
      const row = await findWidget(db, accountId, widgetId);
      const [widget, account, keyRows] = await Promise.all([cache.widget(row.id), cache.account(accountId), loadKeys(db, accountId)]);
      if (!widget) throw new DomainError('NOT_FOUND', `No widget ${widgetId} in this account`);
      const retiresAt = new Map(keyRows.flatMap((k) => (k.retiresAt ? [[k.kid, k.retiresAt.toISOString()] as const] : [])));
      return inspectToken(
        token,
        {
          keys: account.keys,
          policy: widget.policy,
          catalog: account.verifyCatalog,
          nowSeconds: Math.floor(clock.now().getTime() / 1000),
          retiresAt,
          enforced: widget.enforcement === 'enforced',
        },
        hmacSha256Equals,
      );
    },

    /** Signs the claims with the active key; audited without the token or any claim value. */
    async signTest(meta: ActionMeta, widgetId: string, claims: Claims): Promise<TokensSignTestOutput> {
      const { accountId } = meta.principal;
      const row = await findWidget(db, accountId, widgetId);
      const account = await cache.account(accountId);
      const active = account.keys.find((k) => k.status === 'active');
      if (!active) throw new DomainError('PRECONDITION_FAILED', 'The account has no active signing key. Generate one under Signing key first.');

      const now = clock.now();
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const maxLifetime = row.maxTokenLifetimeSeconds;
      const problems = propertyProblems(claims, account.catalog);
      const exp = claims.exp ?? nowSeconds + (claims.expiresInSeconds ?? Math.min(DEFAULT_TEST_LIFETIME_SECONDS, maxLifetime));
      const expField = claims.expiresInSeconds !== undefined ? 'payload.expiresInSeconds' : 'payload.exp';
      if (exp <= nowSeconds) problems[expField] = ['exp must be in the future'];
      else if (exp - nowSeconds > maxLifetime) problems[expField] = [`exp is at most ${maxLifetime} s ahead: this widget's maximum token lifetime`];
      const fields = Object.keys(problems);
      if (fields.length > 0) {
        const message = fields.map((f) => `${f}: ${problems[f]?.join(', ') ?? ''}`).join('; ');
        throw new DomainError('BAD_REQUEST', message, problems);
      }

      const payload: Record<string, unknown> = {
        ...(claims.email !== undefined ? { email: claims.email } : { unique_external_id: claims.unique_external_id }),
        ...(claims.contactProperties && Object.keys(claims.contactProperties).length > 0 ? { contactProperties: claims.contactProperties } : {}),
        ...(claims.ticketProperties && Object.keys(claims.ticketProperties).length > 0 ? { ticketProperties: claims.ticketProperties } : {}),
        iat: nowSeconds,
        exp,
      };
      const token = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: active.kid }).sign(utf8.encode(active.secret));
      await recordAudit(db, meta, now, {
        action: 'token.test_signed',
        widgetId: row.id,
        kid: active.kid,
        // Which claims, never their values: the token is a credential for this person until it expires.
        after: { identity: claims.email !== undefined ? 'email' : 'unique_external_id', claims: Object.keys(payload), expiresInSeconds: exp - nowSeconds },
      });
      return { token, kid: active.kid, expiresAt: new Date(exp * 1000).toISOString() };
    },

    /** A real chat start on one of the admin's widgets, marked as a test (never counted in readiness). */
    async startTestChat(meta: ActionMeta, input: ChatStartTestInput, ip: string): Promise<ChatStartOutput> {
      const widget = await findWidget(db, meta.principal.accountId, input.widgetId);
      const result = await chat.start({ ...input, widgetToken: widget.token }, ip, { test: true });
      const after = result.ok ? { ticketId: result.chat.ticketId, authenticated: result.chat.authenticated } : { refused: result.rejection.code };
      await recordAudit(db, meta, clock.now(), { action: 'chat.test_started', widgetId: widget.id, after });
      if (!result.ok) throw DomainError.tokenRejected(result.rejection);
      return result.chat;
    },
  };
}

import type { AuditAction } from '../../../shared/schemas/audit.ts';

/** What each audit action reads as in the console. */
export const ACTION_LABELS: Record<AuditAction, string> = {
  'user.signed_in': 'Signed in',
  'user.signed_out': 'Signed out',
  'user.sign_in_failed_burst': 'Repeated failed sign-ins',
  'user.created': 'User created',
  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
  'api_key.used': 'API key used',
  'user_auth.enforced': 'Enforcement turned on',
  'user_auth.disabled': 'Enforcement turned off',
  'user_auth.allowlist_updated': 'Editable fields changed',
  'user_auth.policy_updated': 'Token policy changed',
  'signing_key.generated': 'Signing key generated',
  'signing_key.revealed': 'Signing key revealed',
  'signing_key.revoked': 'Signing key revoked',
  'field.created': 'Custom field added',
  'field.updated': 'Custom field renamed',
  'field.archived': 'Custom field archived',
  'token.test_signed': 'Test token signed',
  'chat.test_started': 'Test chat started',
  'sessions.revoked': 'Person signed out of chats',
};

import { describe, expect, it } from 'vitest';
import { testTokenClaims } from '../schemas/tokens.ts';
import { SEED_CONTACT_FIELDS, SEED_TICKET_FIELDS } from '../seed.ts';
import { fieldValueProblem } from './field-values.ts';
import {
  defaultExpiry,
  expiryChoices,
  LANGUAGE_CODES,
  testTokenFormSchema,
  toTestTokenClaims,
  type TestTokenFormValues,
} from './test-token-form.ts';

const catalog = { ticketFields: SEED_TICKET_FIELDS, contactFields: SEED_CONTACT_FIELDS };
const schema = testTokenFormSchema(catalog, { maxTokenLifetimeSeconds: 3_600 });

const values = (overrides: Partial<TestTokenFormValues> = {}): TestTokenFormValues => ({
  identityKind: 'email',
  identity: 'ada@example.com',
  properties: [],
  expiresInSeconds: 600,
  ...overrides,
});

/** The messages zod gives, by path. */
function problems(input: TestTokenFormValues): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('testTokenFormSchema', () => {
  it('accepts an email identity with properties of each type the catalog has', () => {
    expect(
      problems(
        values({
          properties: [
            { entity: 'contact', name: 'name', value: 'Ada Lovelace' },
            { entity: 'contact', name: 'language', value: 'en' },
            { entity: 'contact', name: 'mobile', value: '+44 20 7946 0000' },
            { entity: 'contact', name: 'cf_customer_tier', value: 'Gold' },
            { entity: 'ticket', name: 'priority', value: 4 },
            { entity: 'ticket', name: 'cf_plan', value: 'Pro' },
          ],
        }),
      ),
    ).toEqual({});
  });

  it('asks for the identity, and for an email address when the kind is email', () => {
    expect(problems(values({ identity: '  ' }))).toEqual({ identity: 'Give the visitor’s email address' });
    expect(problems(values({ identity: 'ada' }))).toEqual({ identity: 'Give an email address like name@example.com' });
    expect(problems(values({ identityKind: 'unique_external_id', identity: '' }))).toEqual({ identity: 'Give the visitor’s unique external id' });
    expect(problems(values({ identityKind: 'unique_external_id', identity: 'x'.repeat(256) }))).toEqual({
      identity: 'A unique external id is at most 255 characters',
    });
    expect(problems(values({ identityKind: 'unique_external_id', identity: 'user_12345' }))).toEqual({});
  });

  it('holds each property to the verifier’s rule for its type, naming the field', () => {
    expect(
      problems(
        values({
          properties: [
            { entity: 'ticket', name: 'priority', value: 5 },
            { entity: 'ticket', name: 'cf_plan', value: 'Platinum' },
            { entity: 'contact', name: 'language', value: 'english' },
            { entity: 'contact', name: 'email', value: 'not an address' },
          ],
        }),
      ),
    ).toEqual({
      'properties.0.value': 'Priority takes an integer from 1 (low) to 4 (urgent)',
      'properties.1.value': 'Plan takes one of: Free, Growth, Pro, Enterprise',
      'properties.2.value': 'Language takes an ISO 639-1 language code such as "en"',
      'properties.3.value': 'Email takes an email address',
    });
  });

  it('refuses a field the catalog does not have on that side, and the same field twice', () => {
    expect(
      problems(
        values({
          properties: [
            { entity: 'contact', name: 'priority', value: 2 },
            { entity: 'ticket', name: 'cf_order_number', value: 'A-1' },
            { entity: 'ticket', name: 'cf_order_number', value: 'A-2' },
          ],
        }),
      ),
    ).toEqual({
      'properties.0.name': 'The catalog has no contact field priority',
      'properties.2.name': 'Order number is already in the token',
    });
  });

  it('refuses an expiry beyond the widget’s maximum lifetime', () => {
    expect(problems(values({ expiresInSeconds: 86_400 }))).toEqual({
      expiresInSeconds: 'This widget refuses tokens that live this long; choose a shorter expiry',
    });
  });
});

describe('expiry choices', () => {
  it('offers the presets shorter than the maximum, then the maximum itself', () => {
    expect(expiryChoices(3_600)).toEqual([300, 600, 3_600]);
    expect(expiryChoices(7_200)).toEqual([300, 600, 3_600, 7_200]);
    expect(expiryChoices(120)).toEqual([120]);
    expect(expiryChoices(30 * 86_400)).toEqual([300, 600, 3_600, 86_400, 604_800, 30 * 86_400]);
  });

  it('starts at ten minutes, or at the maximum when that is shorter', () => {
    expect(defaultExpiry(3_600)).toBe(600);
    expect(defaultExpiry(120)).toBe(120);
  });
});

describe('toTestTokenClaims', () => {
  it('maps an email identity and properties by side, with the lifetime for the server to turn into exp', () => {
    const claims = toTestTokenClaims(
      values({
        identity: ' ada@example.com ',
        properties: [
          { entity: 'ticket', name: 'priority', value: 3 },
          { entity: 'contact', name: 'name', value: 'Ada Lovelace' },
          { entity: 'ticket', name: 'cf_project', value: 'Project Alpha' },
        ],
      }),
    );
    expect(claims).toEqual({
      email: 'ada@example.com',
      contactProperties: { name: 'Ada Lovelace' },
      ticketProperties: { priority: 3, cf_project: 'Project Alpha' },
      expiresInSeconds: 600,
    });
    expect(testTokenClaims.safeParse(claims).success).toBe(true);
  });

  it('gives a unique external id alone, and no property objects when none were added', () => {
    const claims = toTestTokenClaims(values({ identityKind: 'unique_external_id', identity: 'user_12345', expiresInSeconds: 300 }));
    expect(claims).toEqual({ unique_external_id: 'user_12345', expiresInSeconds: 300 });
    expect(testTokenClaims.safeParse(claims).success).toBe(true);
  });
});

describe('LANGUAGE_CODES', () => {
  it('lists only codes the verifier accepts, each once', () => {
    expect(LANGUAGE_CODES.filter((code) => fieldValueProblem({ name: 'language', type: 'language' }, code) !== null)).toEqual([]);
    expect(new Set(LANGUAGE_CODES).size).toBe(LANGUAGE_CODES.length);
    expect(LANGUAGE_CODES).toContain('en');
  });
});

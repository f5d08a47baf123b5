import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.ts';
import { contacts, tickets, verificationDaily } from '../../server/store/schema.ts';
import { startTestServer } from '../test/app.ts';
import { seedDemoChats } from './demo-chats.ts';

describe('the demo’s chats', () => {
  it('are real chat starts: three verified visitors, one anonymous, one whose token had expired', async () => {
    const { app, db } = await startTestServer();
    await seedDemoChats(app.store, app.box, createLogger('silent'));
    const rows = await db.select().from(tickets).orderBy(asc(tickets.createdAt));
    expect(rows.map((t) => [t.subject, t.authenticated, t.verification])).toEqual([
      ['I was charged twice for order 10452', true, 'authenticated'],
      ['Do you ship to Norway?', false, 'unauthenticated'],
      ['Export of all invoices for 2025', true, 'authenticated'],
      ['Where is my order?', false, 'TOKEN_EXPIRED'],
      ['The app crashes when I upload a photo', true, 'authenticated'],
    ]);
    expect(rows[0]).toMatchObject({ status: 'Resolved', priority: 3, type: 'Refund', properties: { cf_order_number: '10452', cf_plan: 'Pro' } });
    const verified = (await db.select().from(contacts)).filter((c) => c.verified).map((c) => c.name);
    expect(verified.sort()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Linus Torvalds']);
    const counts = await db.select().from(verificationDaily);
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(5);
  });
});

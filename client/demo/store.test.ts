import { beforeEach, describe, expect, it } from 'vitest';
import { createDemoStore } from './store.ts';

describe('the demo store', () => {
  beforeEach(() => localStorage.clear());

  it('starts from the seed, with chats, and keeps changes and dates across a reload', () => {
    const first = createDemoStore();
    expect(first.db.widgets).toHaveLength(2);
    expect(first.db.tickets.length).toBeGreaterThan(0);
    const widget = first.db.widgets[0];
    if (!widget) throw new Error('no widget');
    widget.settings = { ...widget.settings, enforcement: 'enforced', version: 2 };
    first.persist();

    const again = createDemoStore();
    expect(again.db.widgets[0]?.settings).toMatchObject({ enforcement: 'enforced', version: 2 });
    expect(again.db.widgets[0]?.createdAt).toBeInstanceOf(Date);
    expect(again.db.keys[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('starts over from the seed when what is stored is not a demo it can read', () => {
    for (const stored of ['{', 'null', '{}', '{"widgets": 3}']) {
      localStorage.setItem('webchat-auth-demo/v1', stored);
      const store = createDemoStore();
      expect(store.db.widgets).toHaveLength(2);
    }
  });

  it('takes in what another tab stored, and Reset puts back the seed', () => {
    const mine = createDemoStore();
    const other = createDemoStore();
    other.db.apiKeys.push({ id: 'k', name: 'From the other tab', key: 'wca_x', createdAt: new Date(), lastUsedAt: null, revokedAt: null });
    other.persist();
    mine.refresh();
    expect(mine.db.apiKeys.map((k) => k.name)).toEqual(['From the other tab']);
    mine.reset();
    expect(mine.db.apiKeys).toEqual([]);
    expect(createDemoStore().db.apiKeys).toEqual([]);
  });

  it('leaves a user’s own "$date" field alone', () => {
    const store = createDemoStore();
    store.db.contacts[0] = { ...(store.db.contacts[0] ?? { id: 'c', name: null, email: null, uniqueExternalId: null }), properties: { note: { $date: 'not a date' } } };
    store.persist();
    expect(createDemoStore().db.contacts[0]?.properties).toEqual({ note: { $date: 'not a date' } });
  });
});

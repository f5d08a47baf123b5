import { createMockDb, type MockDb } from '../mocks/db.ts';
import { seedDemoChats } from '../mocks/demo-seed.ts';

const KEY = 'webchat-auth-demo/v1';

/** Dates survive JSON as {"$date": iso}. */
function replacer(this: unknown, key: string, value: unknown) {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviver(_key: string, value: unknown) {
  return value && typeof value === 'object' && '$date' in value && typeof value.$date === 'string' ? new Date(value.$date) : value;
}

/** A first start's data, plus a few chats so Tickets and readiness have content. */
export function seedDemo(): MockDb {
  const db = createMockDb();
  seedDemoChats(db);
  return db;
}

/**
 * The demo's data lives in this browser's localStorage. Every call reads it first and writes it
 * after, so two tabs behave like two browsers on one server: a stale save is a CONFLICT, not a
 * silent overwrite.
 */
export function createDemoStore(storage: Storage = localStorage) {
  const db = load() ?? save(seedDemo());

  function load(): MockDb | null {
    const text = storage.getItem(KEY);
    if (!text) return null;
    try {
      const data = JSON.parse(text, reviver) as Omit<MockDb, 'now'>;
      return { ...data, now: () => new Date() };
    } catch {
      return null; // unreadable: start over from the seed
    }
  }

  function save(state: MockDb): MockDb {
    // `now` is a function: JSON leaves it out.
    storage.setItem(KEY, JSON.stringify(state, replacer));
    return state;
  }

  return {
    db,
    /** Brings the shared object up to date with what another tab may have written. */
    refresh() {
      const latest = load();
      if (latest) Object.assign(db, latest);
    },
    persist: () => void save(db),
    reset() {
      storage.removeItem(KEY);
      Object.assign(db, save(seedDemo()));
    },
  };
}

import { createMockDb, type MockDb } from '../mocks/db.ts';
import { seedDemoChats } from '../mocks/demo-seed.ts';

const KEY = 'webchat-auth-demo/v1';
/** A key no visitor's field would carry: Dates survive JSON as {"__webchatAuthDemoDate": iso}. */
const DATE = '__webchatAuthDemoDate';

function replacer(this: unknown, key: string, value: unknown) {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? { [DATE]: raw.toISOString() } : value;
}

function reviver(_key: string, value: unknown) {
  return value && typeof value === 'object' && DATE in value && typeof (value as Record<string, unknown>)[DATE] === 'string'
    ? new Date((value as Record<string, string>)[DATE] ?? '')
    : value;
}

/** What was stored is a demo this version can read; anything else (older, hand-edited) is started over. */
function looksLikeDemo(data: unknown): data is Omit<MockDb, 'now'> {
  if (!data || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  const lists = ['users', 'widgets', 'keys', 'apiKeys', 'contacts', 'tickets', 'outcomes'];
  return lists.every((name) => Array.isArray(d[name])) && typeof d.catalog === 'object' && d.catalog !== null;
}

/** A first start's data, plus a few chats so Tickets and readiness have content. */
export function seedDemo(): MockDb {
  const db = createMockDb();
  seedDemoChats(db);
  return db;
}

/**
 * The demo's data lives in this browser's localStorage, written after every change. Another tab's
 * writes are taken in (see demo-runtime.ts), so two tabs behave like two browsers on one server:
 * a stale save is a CONFLICT, not a silent overwrite.
 */
export function createDemoStore(storage: Storage = localStorage) {
  const db = load() ?? save(seedDemo());

  function load(): MockDb | null {
    const text = storage.getItem(KEY);
    if (!text) return null;
    try {
      const data: unknown = JSON.parse(text, reviver);
      return looksLikeDemo(data) ? { ...data, now: () => new Date() } : null;
    } catch {
      return null; // unreadable: start over from the seed
    }
  }

  function save(state: MockDb): MockDb {
    try {
      // `now` is a function: JSON leaves it out.
      storage.setItem(KEY, JSON.stringify(state, replacer));
    } catch (error) {
      // Full or refused storage: the demo goes on in memory for this page.
      console.warn('The demo could not save to this browser’s storage; changes last until the page is closed.', error);
    }
    return state;
  }

  return {
    db,
    key: KEY,
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

import { migrationsFrom } from './migrations.ts';

/** The migrations' SQL bundled into a build (demo mode has no folder to read them from). */
const files = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true });

export const bundledMigrations = migrationsFrom((tag) => {
  const text = files[`./migrations/${tag}.sql`];
  if (text === undefined) throw new Error(`The build has no migration ${tag}`);
  return text;
});

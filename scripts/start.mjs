// `npm start`: builds what is missing or older than its sources (the console, the server bundle,
// the store snapshot), then runs the server in this process. A start with nothing to build costs
// a look at the sources' times, not a build.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => path.join(root, p);

function newest(paths) {
  let latest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const p of paths) visit(at(p));
  return latest;
}

function age(file) {
  try {
    return statSync(at(file)).mtimeMs;
  } catch {
    return 0;
  }
}

const common = ['shared', 'package-lock.json'];
const steps = [
  { output: 'dist/client/index.html', inputs: ['client', 'vite.config.ts', ...common], command: ['npx', 'vite', 'build', '--logLevel', 'warn'] },
  { output: 'dist/server.mjs', inputs: ['server', 'scripts/build-server.ts', ...common], command: ['node', '--import', 'tsx', 'scripts/build-server.ts'] },
  { output: 'dist/store-snapshot/PG_VERSION', inputs: ['server/store/migrations', 'scripts/build-store-snapshot.ts', 'package-lock.json'], command: ['node', '--import', 'tsx', 'scripts/build-store-snapshot.ts'] },
];

for (const step of steps) {
  if (age(step.output) >= newest(step.inputs)) continue;
  process.stdout.write(`Building ${step.output} (missing or older than its sources)…\n`);
  const [command, ...args] = step.command;
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.NODE_ENV ??= 'production';
await import(new URL('../dist/server.mjs', import.meta.url).href);

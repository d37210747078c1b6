// npm run bench:foundation — measures what issue #2 promises and prints the figures (no assertions):
// first start on an empty data directory, a later start, GET …/summary latency, client size.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureClientBuilt } from '../server/client-build.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const clientDir = join(root, 'dist', 'client');
const port = 3931;
const base = `http://127.0.0.1:${port}`;
const BENCH_PASSWORD = 'bench-admin-password';
let cookie = '';

async function signIn(): Promise<void> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function startServer(dataDir: string): Promise<{ seconds: number; stop: () => Promise<void> }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', ABASTECE_ADMIN_PASSWORD: BENCH_PASSWORD },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error('server exited');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeRequests(path: string, count: number): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { cookie } });
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: median(times), p95: sorted[Math.floor(sorted.length * 0.95)]! };
}

ensureClientBuilt(root, clientDir);
const dataDir = mkdtempSync(join(tmpdir(), 'abastece-bench-'));
try {
  const first = await startServer(join(dataDir, 'data'));
  console.log(`first start (migrate + seed, empty data dir): ${first.seconds.toFixed(2)} s`);
  await signIn();
  const programmes = (await (await fetch(`${base}/api/programmes`, { headers: { cookie } })).json()) as { id: number }[];
  const id = programmes[0]!.id;
  await timeRequests(`/api/programmes/${id}/summary`, 20); // warm-up
  for (const path of [`/api/programmes/${id}/summary`, `/api/programmes/${id}/coverage`, '/api/items?pageSize=50', `/api/programmes/${id}/lines?pageSize=1000`]) {
    const { median: m, p95 } = await timeRequests(path, 200);
    console.log(`GET ${path}: median ${m.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (200 requests)`);
  }
  await first.stop();

  const laterStarts: number[] = [];
  for (let run = 0; run < 5; run++) {
    const later = await startServer(join(dataDir, 'data'));
    laterStarts.push(later.seconds);
    await later.stop();
  }
  console.log(
    `later start (migrated and seeded): median ${median(laterStarts).toFixed(2)} s of ${laterStarts.map((s) => s.toFixed(2)).join(', ')}`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const assets = join(clientDir, 'assets');
const gzipped = (file: string) => gzipSync(readFileSync(join(assets, file))).length;
const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
// What the first page load fetches: the entry script and the chunks index.html preloads.
const html = readFileSync(join(clientDir, 'index.html'), 'utf8');
const initial = scripts.filter((file) => html.includes(`/assets/${file}`));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (files: string[]) => files.reduce((total, file) => total + gzipped(file), 0);
console.log(
  `client JavaScript, gzipped: first load ${kb(sum(initial))} (${initial.length} file(s)); ` +
    `all ${scripts.length} files, including pages loaded on demand, ${kb(sum(scripts))}`,
);

// The app's commands as real child processes, for the tests of starting and stopping the server:
// each child leads its own process group, so a test can tell whether anything it started still runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What `npm start` runs from the sources (without npm, and without a prebuilt dist/server.js): for the tests that are not about npm. */
export const serverCommand = [process.execPath, '--import', 'tsx', 'server/main.ts'];

export interface ChildRun {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const started = new Set<ChildRun>();

/**
 * Runs `command` in the repository with `env` over the test's environment minus vitest's variables,
 * no database configured and no demo data unless `env` says otherwise.
 */
export function spawnChild(command: string[], env: NodeJS.ProcessEnv): ChildRun {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV');
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, {
    cwd: repositoryRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...Object.fromEntries(inherited),
      DATA_DIR: '',
      DATABASE_URL: '',
      ABASTECE_DEMO_DATA: 'false',
      npm_config_update_notifier: 'false',
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run: ChildRun = { child, output: () => output, exited };
  started.add(run);
  return run;
}

/** Whether any process of the child's group (the child and everything it started) still runs. */
export function groupAlive(run: ChildRun): boolean {
  try {
    process.kill(-run.child.pid!, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Kills, with SIGKILL, the groups of the children a test left running. */
export function killLeftovers(): void {
  for (const run of started) {
    if (groupAlive(run)) process.kill(-run.child.pid!, 'SIGKILL');
  }
  started.clear();
}

/** Polls until `condition` holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The child's exit code, failing if it has not exited within `timeoutMs`. */
export async function exitWithin(run: ChildRun, timeoutMs: number): Promise<number | null> {
  let exited = false;
  void run.exited.then(() => void (exited = true));
  await waitUntil(`the child exits (within ${timeoutMs} ms)`, () => exited, timeoutMs);
  return run.exited;
}

/** A port that was free a moment ago (on every address, as the server listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** Whether something accepts connections on the port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
  } catch {
    return false;
  }
}

/** Waits until the server answers /api/health; fails with its output if it exits first. */
export async function waitForHealth(run: ChildRun, port: number, timeoutMs = 90_000): Promise<void> {
  let exitCode: number | null | undefined;
  void run.exited.then((code) => void (exitCode = code));
  await waitUntil(`the server answers on port ${port}`, async () => {
    if (exitCode !== undefined) throw new Error(`The server exited (${exitCode}) before answering:\n${run.output()}`);
    return healthy(port);
  }, timeoutMs);
}

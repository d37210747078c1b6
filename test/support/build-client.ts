import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ensureClientBuilt } from '../../server/client-build.ts';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
export const clientDir = join(repositoryRoot, 'dist', 'client');

export default function setup() {
  ensureClientBuilt(repositoryRoot, clientDir);
}

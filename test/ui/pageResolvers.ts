/** The resolvers the admin page calls, read from its source (`RESOLVERS.<name>` in src/frontend). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { RESOLVERS } from '../../src/contract';

export const FRONTEND_DIR = path.join(__dirname, '..', '..', 'src', 'frontend');

export function frontendFiles(dir = FRONTEND_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? frontendFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Contract keys (`schemesList`) the page names, with the files naming them. */
export function contractKeysUsedByPage(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of frontendFiles()) {
    for (const match of readFileSync(file, 'utf8').matchAll(/RESOLVERS\.(\w+)/g)) {
      used.set(match[1]!, [...(used.get(match[1]!) ?? []), path.relative(FRONTEND_DIR, file)]);
    }
  }
  return used;
}

export function resolversUsedByPage(): string[] {
  return [...contractKeysUsedByPage().keys()].map(
    (key) => (RESOLVERS as Record<string, string>)[key] ?? `(unknown key ${key})`,
  );
}

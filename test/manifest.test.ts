import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { validate } from '@forge/manifest';
import { REPO_ROOT } from './local/manifest';

test("manifest.yml passes Atlassian's own validator with no error or warning", async () => {
  const cwd = process.cwd();
  process.chdir(REPO_ROOT); // the validator resolves handler and resource files from the working directory
  try {
    const result = await validate(false, path.join(REPO_ROOT, 'manifest.yml'));
    const problems = (result.errors ?? []).map((e) => `${e.level}: ${e.message} (line ${e.line})`);
    assert.deepEqual(problems, []);
    assert.equal(result.success, true);
  } finally {
    process.chdir(cwd);
  }
});

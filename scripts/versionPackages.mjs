// `pnpm version-packages`: `changeset version` for the 0.x releases.
//
// @sessionkit/react's peer range on @sessionkit/core is `workspace:^` (packed as `^<version>`).
// In 0.x a minor of core leaves that range, and changesets then proposes a major (1.0.0) for both
// packages of the fixed group. Until 1.0 is meant, the range is widened to `>=<current>` for the
// run, so the release is the minor the changesets ask for, and restored after: the packed range
// is `^` of the new version.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const manifest = new URL('../packages/react/package.json', import.meta.url);
const core = JSON.parse(readFileSync(new URL('../packages/core/package.json', import.meta.url)));
const original = readFileSync(manifest, 'utf8');
const json = JSON.parse(original);
if (json.peerDependencies['@sessionkit/core'] !== 'workspace:^') {
  throw new Error('packages/react: expected the peer range "workspace:^" on @sessionkit/core.');
}
if (!core.version.startsWith('0.')) {
  execFileSync('changeset', ['version'], { stdio: 'inherit' });
  process.exit(0);
}
json.peerDependencies['@sessionkit/core'] = `workspace:>=${core.version}`;
writeFileSync(manifest, `${JSON.stringify(json, null, 2)}\n`);
try {
  execFileSync('changeset', ['version'], { stdio: 'inherit' });
} finally {
  const after = JSON.parse(readFileSync(manifest, 'utf8'));
  after.peerDependencies['@sessionkit/core'] = 'workspace:^';
  writeFileSync(manifest, `${JSON.stringify(after, null, 2)}\n`);
}

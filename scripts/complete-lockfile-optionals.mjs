// Adds the lockfile entries of platform-specific optional dependencies that npm could not
// record because the registry this project installs from does not serve them (for example
// @biomejs/cli-android-arm64). `npm ci` refuses a lockfile in which a package's
// optionalDependencies have no entry, even for packages that can never install on this
// platform; with their `os`/`cpu`/`libc` written down, `npm ci` skips them without fetching.
//
// Usage: node scripts/complete-lockfile-optionals.mjs   (after any `npm install`)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [
  'android',
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

/** Reads os / cpu / libc from a platform package name such as rollup-linux-arm-musleabihf. */
function platformOf(name) {
  const parts = name.slice(name.lastIndexOf('/') + 1).split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}: add it to this script`);
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux') {
    if (parts.some((p) => p.startsWith('musl'))) entry.libc = ['musl'];
    else if (parts.some((p) => p.startsWith('gnu'))) entry.libc = ['glibc'];
  }
  return entry;
}

function missingEntries() {
  try {
    execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      stdio: 'pipe',
    });
    return [];
  } catch (error) {
    const text = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    return [...text.matchAll(/Missing: (\S+?)@\S* from lock file/g)].map((m) => m[1]);
  }
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const missing = new Set(missingEntries());
let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
    if (!missing.has(name)) continue;
    const base = path === '' ? '' : `${path}/`;
    const key = lock.packages[`${base}node_modules/${name}`] ? null : `node_modules/${name}`;
    if (!key || lock.packages[key]) continue;
    lock.packages[key] = {
      version: spec.replace(/^[\^~=]/, ''),
      dev: pkg.dev,
      optional: true,
      ...platformOf(name),
    };
    if (!pkg.dev) delete lock.packages[key].dev;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
const still = missingEntries();
console.log(
  `added ${added} platform entries; npm ci ${still.length === 0 ? 'accepts the lockfile' : `still misses: ${still.join(', ')}`}`,
);
if (still.length > 0) process.exitCode = 1;

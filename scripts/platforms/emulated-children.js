'use strict'

// Preloaded (`node --require`) into a Node that runs under qemu-user on a
// machine without binfmt_misc, where the kernel cannot start a binary for
// another CPU by itself: a child process of this Node's own binary is
// started through the same emulator, as binfmt_misc would start it on a
// machine where it is registered. Other programs start as they are.
// TOTP_NATIVE_EMULATOR is the emulator's command line, as JSON
// (`["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"]`).

const childProcess = require('node:child_process')

const emulator = JSON.parse(process.env.TOTP_NATIVE_EMULATOR || '[]')

if (emulator.length) {
  for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) {
    const original = childProcess[name]
    childProcess[name] = function emulated(file, args, ...rest) {
      if (file !== process.execPath && file !== 'node') return original.call(this, file, args, ...rest)
      const given = Array.isArray(args) ? args : []
      const others = Array.isArray(args) ? rest : [args, ...rest].filter((value) => value !== undefined)
      return original.call(this, emulator[0], [...emulator.slice(1), process.execPath, ...given], ...others)
    }
  }
}

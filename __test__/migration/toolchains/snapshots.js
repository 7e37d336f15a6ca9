'use strict'

// Each toolchain keeps its own snapshots (jest 29 writes another format than
// 26 and 27), beside the legacy test file that writes them, in
// __snapshots_jest26__/ and the like: one directory below the test file, so
// that any jest's own resolver (the package root's too) finds the test a
// snapshot file belongs to and does not count it obsolete. A migrated test
// file is checked against its legacy twin's file: the snapshots the drop-in
// must match are the ones the real package wrote (`jest --ci` writes none).

const path = require('path')

const app = path.join(__dirname, 'app')

/** @param {string} toolchain the toolchain's directory */
module.exports = (toolchain) => {
  const directory = `__snapshots_${path.basename(toolchain)}__`
  return {
    resolveSnapshotPath: (testPath, extension) => {
      const [, ...rest] = path.relative(app, testPath).split(path.sep)
      const legacy = path.join(app, 'legacy', ...rest)
      return path.join(path.dirname(legacy), directory, path.basename(legacy) + extension)
    },
    resolveTestPath: (snapshotPath, extension) => path.join(path.dirname(path.dirname(snapshotPath)), path.basename(snapshotPath, extension)),
    testPathForConsistencyCheck: path.join(app, 'legacy', 'v0', 'enrollment.test.ts'),
  }
}

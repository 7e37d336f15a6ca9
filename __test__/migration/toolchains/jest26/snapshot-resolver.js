'use strict'

module.exports = require('../snapshots')(__dirname)

'use strict'

module.exports = require('../projects')(__dirname, { tsJestOptions: 'globals' })

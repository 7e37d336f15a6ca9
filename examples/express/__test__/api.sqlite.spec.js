'use strict'

require('./suites/api')('sqlite')

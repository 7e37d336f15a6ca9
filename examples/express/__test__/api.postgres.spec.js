'use strict'

require('./suites/api')('postgres')

'use strict'

require('./suites/store')('postgres')

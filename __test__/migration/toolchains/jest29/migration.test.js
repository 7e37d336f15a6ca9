'use strict'

require('../checks/migration')(__dirname)

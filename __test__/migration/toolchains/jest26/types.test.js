'use strict'

require('../checks/types')(require('typescript'))

'use strict'

require('./app-tests')(require('./legacy-app'))

'use strict';

module.exports = {
  collectCoverageFrom: ['src/**/*.js'],
  coverageReporters: ['clover', 'json', 'json-summary', 'text-summary', 'text'],
};

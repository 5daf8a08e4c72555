'use strict';

function neverCalled(a, b) {
  if (a > b) {
    return a - b;
  }
  return b - a;
}

module.exports = { neverCalled };

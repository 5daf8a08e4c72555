'use strict';

function roundCents(amount) {
  return Math.round(amount * 100) / 100;
}

function clamp(value, low, high) {
  return value < low ? low : value > high ? high : value;
}

module.exports = { roundCents, clamp };

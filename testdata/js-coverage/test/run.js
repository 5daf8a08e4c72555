'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { Cart } = require('../src/cart');
const { shipping } = require('../src/pricing');
require('../src/unused');

test('adds and totals items', () => {
  const cart = new Cart();
  cart.add('apple', 0.5, 4).add('apple', 0.5).add('pear', 1.2);
  assert.strictEqual(cart.total(), 3.7);
});

test('applies a known discount code', () => {
  const cart = new Cart().add('book', 20, 2);
  assert.strictEqual(cart.total('VIP'), 30);
});

test('ships free to Germany above 50', () => {
  assert.strictEqual(shipping(60, 'DE'), 0);
});

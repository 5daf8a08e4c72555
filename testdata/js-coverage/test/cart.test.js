'use strict';

const { Cart } = require('../src/cart');
const { shipping, format } = require('../src/pricing');
require('../src/unused');

test('adds and totals items', () => {
  const cart = new Cart();
  cart.add('apple', 0.5, 4).add('apple', 0.5).add('pear', 1.2);
  expect(cart.total()).toBe(3.7);
});

test('applies a known discount code', () => {
  const cart = new Cart().add('book', 20, 2);
  expect(cart.total('VIP')).toBe(30);
  expect(cart.total('NOPE')).toBe(40);
});

test('refuses negative prices', () => {
  expect(() => new Cart().add('x', -1)).toThrow(RangeError);
});

test('ships free to Germany above 50', () => {
  expect(shipping(60, 'DE')).toBe(0);
  expect(shipping(10, 'DE')).toBe(4.9);
});

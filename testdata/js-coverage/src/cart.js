'use strict';

const { discountFor } = require('./pricing');
const { roundCents } = require('./util/round');

class Cart {
  constructor(currency = 'EUR') {
    this.currency = currency;
    this.items = [];
  }

  add(name, price, quantity = 1) {
    if (price < 0) {
      throw new RangeError('price must not be negative');
    }
    const existing = this.items.find((item) => item.name === name);
    if (existing) {
      existing.quantity += quantity;
    } else {
      this.items.push({ name, price, quantity });
    }
    return this;
  }

  remove(name) {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.name !== name);
    return this.items.length !== before;
  }

  total(code) {
    const sum = this.items.reduce((acc, item) => acc + item.price * item.quantity, 0);
    const rate = code ? discountFor(code) : 0;
    return roundCents(sum * (1 - rate));
  }
}

module.exports = { Cart };

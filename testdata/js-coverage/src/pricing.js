'use strict';

const CODES = { SPRING: 0.1, VIP: 0.25 };

function discountFor(code) {
  const rate = CODES[code];
  if (rate === undefined) {
    return 0;
  }
  return rate;
}

function shipping(total, country) {
  if (total >= 50 && country === 'DE') {
    return 0;
  }
  switch (country) {
    case 'DE':
      return 4.9;
    case 'AT':
      return 7.5;
    default:
      return 12;
  }
}

function format(amount, currency = 'EUR') {
  return `${amount.toFixed(2)} ${currency}`;
}

module.exports = { discountFor, shipping, format };

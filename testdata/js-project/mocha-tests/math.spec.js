const assert = require('node:assert');
const { add, divide } = require('../lib.js');

describe('add', function () {
  it('adds two numbers', () => assert.strictEqual(add(1, 2), 3));
  it('is wrong on purpose', () => assert.strictEqual(add(2, 2), 5));
  it('same title', () => assert.ok(true));
  it('same title', () => assert.ok(true));
  describe('nested', function () {
    it('adds zero', () => assert.strictEqual(add(0, 7), 7));
    it.skip('skipped for now', () => {});
    it('pending without body');
  });
});

describe('database', function () {
  before(function () { throw new Error('cannot connect'); });
  it('never runs', () => {});
  it('never runs either', () => {});
});

it('divide throws on zero', () => assert.throws(() => divide(1, 0), RangeError));
it('divide rejects unexpectedly', () => divide(1, 0));

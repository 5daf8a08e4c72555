const test = require('node:test');
const assert = require('node:assert');
const { add, divide } = require('../lib.js');

test.describe('add', () => {
  test.it('adds two numbers', () => assert.strictEqual(add(1, 2), 3));
  test.it('adds negatives', () => assert.strictEqual(add(-1, -2), -3));
  test.it('is wrong on purpose', () => assert.strictEqual(add(2, 2), 5));
  test.it('same title', () => assert.ok(true));
  test.it('same title', () => assert.ok(true));
  test.describe('nested', () => {
    test.it('adds zero', () => assert.strictEqual(add(0, 7), 7));
    test.it('skipped for now', { skip: 'not ready' }, () => {});
    test.it('todo that fails', { todo: 'floats' }, () => assert.strictEqual(add(0.1, 0.2), 0.3));
    test.it('todo that passes', { todo: true }, () => {});
  });
});

test('divide throws on zero', () => assert.throws(() => divide(1, 0), RangeError));
test('divide rejects unexpectedly', () => divide(1, 0));
test('parent with subtests', async (t) => {
  await t.test('child passes', () => {});
  await t.test('child fails', () => assert.deepStrictEqual({ a: 1 }, { a: 2 }));
});

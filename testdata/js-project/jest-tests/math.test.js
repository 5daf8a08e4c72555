const { add, divide } = require('../lib.js');

describe('add', () => {
  test('adds two numbers', () => expect(add(1, 2)).toBe(3));
  test('is wrong on purpose', () => expect(add(2, 2)).toBe(5));
  test('same title', () => expect(true).toBe(true));
  test('same title', () => expect(true).toBe(true));
  describe('nested', () => {
    test('adds zero', () => expect(add(0, 7)).toBe(7));
    test.skip('skipped for now', () => {});
    test.todo('handles floats');
  });
});

test('divide throws on zero', () => expect(() => divide(1, 0)).toThrow(RangeError));
test('divide rejects unexpectedly', () => divide(1, 0));

const assert = require('assert');
describe('parse', function () {
  it('reads a line', function () { assert.strictEqual('a,b'.split(',').length, 2); });
  it('reads a line', function () { assert.strictEqual('a,b,c'.split(',').length, 3); });
  it('reads a line', function () { assert.strictEqual(''.split(',').length, 1); });
  it('rejects junk', function () { assert.strictEqual('x'.length, 2); });
  it.skip('reads quoted fields', function () {});
});
describe('format', function () {
  it('reads a line', function () { assert.ok(true); });
});

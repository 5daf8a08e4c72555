const assert = require('node:assert');
let attempts = 0;
describe('flaky', function () {
  this.retries(2);
  it('passes on its second attempt', () => { attempts += 1; assert.strictEqual(attempts, 2); });
  it('always fails', () => assert.strictEqual(1, 2));
});

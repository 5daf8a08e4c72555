jest.retryTimes(2);
let clockCalls = 0;
let brokenCalls = 0;
describe('clock', () => {
  it('settles on the second try', () => {
    clockCalls += 1;
    expect(clockCalls).toBeGreaterThan(1);
  });
  it('never settles', () => {
    brokenCalls += 1;
    expect(brokenCalls).toBe(0);
  });
  it('passes at once', () => { expect(1).toBe(1); });
});

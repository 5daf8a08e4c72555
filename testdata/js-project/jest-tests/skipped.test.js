describe.skip('whole suite skipped', () => {
  test('never runs', () => {});
});

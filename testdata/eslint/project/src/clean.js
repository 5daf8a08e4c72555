function square(value) {
  return value * value;
}

module.exports = { square };

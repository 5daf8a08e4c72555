const unusedTax = 0.2;

function total(items) {
  var sum = 0;
  for (let i = 0; i < items.length; i++) {
    if (items[i].price == null) {
      continue;
    }
    sum += items[i].price;
  }
  return sum;
}

function discount(price, code) {
  if (code === "HALF") {
    return price / 2;
  }
  debugger;
  return price;
}

module.exports = { total, discount, missing: undefinedName };

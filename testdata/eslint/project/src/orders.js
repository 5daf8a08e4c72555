let total = 0;
const unused = 3;

function addOrder(order) {
  if (order.amount == null) return total;
  total = total + order.amount;
  console.log("added", order.id);
  return totl;
}

function discount(price) {
  // eslint-disable-next-line eqeqeq
  if (price == "0") return 0;
  let rate = 0.1;
  return price * (1 - rate);
}

module.exports = { addOrder, discount };

"""Stock movements and balances."""

from dataclasses import dataclass, field


@dataclass
class Ledger:
    balances: dict = field(default_factory=dict)
    history: list = field(default_factory=list)

    def receive(self, sku, quantity):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.balances[sku] = self.balances.get(sku, 0) + quantity
        self.history.append(("in", sku, quantity))

    def ship(self, sku, quantity):
        available = self.balances.get(sku, 0)
        if quantity > available:
            raise ValueError(f"only {available} of {sku} in stock")
        self.balances[sku] = available - quantity
        self.history.append(("out", sku, quantity))

    def balance(self, sku):
        return self.balances.get(sku, 0)

    def skus_below(self, threshold):
        return sorted(sku for sku, qty in self.balances.items() if qty < threshold)

    def undo_last(self):
        if not self.history:
            return None
        direction, sku, quantity = self.history.pop()
        if direction == "in":
            self.balances[sku] -= quantity
        else:
            self.balances[sku] += quantity
        return direction, sku, quantity

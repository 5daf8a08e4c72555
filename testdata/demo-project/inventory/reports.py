"""Reports nobody has tested yet."""


def summary(ledger):
    lines = []
    for sku in sorted(ledger.balances):
        lines.append(f"{sku}: {ledger.balance(sku)}")
    return "\n".join(lines)


def movement_counts(ledger):
    counts = {"in": 0, "out": 0}
    for direction, _, _ in ledger.history:
        counts[direction] += 1
    return counts

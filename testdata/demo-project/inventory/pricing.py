"""Prices with discounts and tax."""


def unit_price(base, quantity, member=False):
    if quantity >= 100:
        price = base * 0.8
    elif quantity >= 10:
        price = base * 0.9
    else:
        price = base
    if member:
        price = price * 0.95
    return round(price, 2)


def with_tax(amount, region):
    rates = {"eu": 0.2, "uk": 0.2, "us": 0.07}
    if region not in rates:
        raise KeyError(f"unknown region {region}")
    return round(amount * (1 + rates[region]), 2)


def grade(margin):
    if margin >= 0.5:
        return "A"
    if margin >= 0.3:
        return "B"
    if margin >= 0.1:
        return "C"
    if margin >= 0:
        return "D"
    return "loss"


def bulk_quote(lines, region, member=False):
    total = 0.0
    for base, quantity in lines:
        if quantity <= 0:
            continue
        total += unit_price(base, quantity, member) * quantity
    if total == 0:
        return 0.0
    return with_tax(total, region)

import pytest

from inventory.pricing import bulk_quote, grade, unit_price, with_tax


@pytest.mark.parametrize(
    "base,quantity,member,expected",
    [(10.0, 1, False, 10.0), (10.0, 10, False, 9.0), (10.0, 100, True, 7.6)],
)
def test_unit_price(base, quantity, member, expected):
    assert unit_price(base, quantity, member) == expected


def test_with_tax_unknown_region():
    with pytest.raises(KeyError):
        with_tax(10, "mars")


@pytest.mark.parametrize("margin,letter", [(0.6, "A"), (0.35, "B"), (0.2, "<C>&\"'")])
def test_grade(margin, letter):
    assert grade(margin) == letter


def test_bulk_quote():
    assert bulk_quote([(10.0, 2), (5.0, 0)], "us") == 21.4


@pytest.mark.xfail(reason="rounding is fixed upstream")
def test_rounding_half_even():
    assert unit_price(0.125, 1) == 0.12

import os
import pathlib
import tempfile

import pytest

from inventory.ledger import Ledger


def test_receive_and_ship():
    ledger = Ledger()
    ledger.receive("A", 5)
    ledger.ship("A", 2)
    assert ledger.balance("A") == 3


def test_ship_more_than_stock():
    ledger = Ledger()
    with pytest.raises(ValueError):
        ledger.ship("A", 1)


def test_skus_below():
    ledger = Ledger()
    ledger.receive("A", 5)
    ledger.receive("B", 50)
    assert ledger.skus_below(10) == ["A"]


def test_undo_restores_balance():
    ledger = Ledger()
    ledger.receive("A", 5)
    ledger.undo_last()
    # Deliberate failure: the ledger keeps a zero entry after undo.
    assert ledger.balances == {}, "undo should forget the sku"


def test_history_with_database(broken_setup):
    assert broken_setup


def test_cleanup_after_export(broken_teardown):
    assert broken_teardown == 1


def test_fails_and_breaks_teardown(broken_teardown):
    assert broken_teardown == 2


@pytest.mark.skip(reason="multi-warehouse support not written yet")
def test_transfer_between_warehouses():
    raise AssertionError("unreachable")


@pytest.mark.xfail(reason="negative stock is not rejected yet")
def test_negative_receive_rejected():
    Ledger().receive("A", -1)
    ledger = Ledger()
    ledger.receive("A", 1)
    ledger.balances["A"] = -1
    assert ledger.balance("A") >= 0


@pytest.mark.skipif(os.environ.get("GATES_DEMO_FLAKY") is None, reason="run only for the rerun report")
def test_flaky_clock():
    # Fails on its first attempt and passes on the rerun: a marker file remembers the attempt.
    marker = pathlib.Path(tempfile.gettempdir()) / f"gates-demo-flaky-{os.environ['GATES_DEMO_FLAKY']}"
    if not marker.exists():
        marker.write_text("attempted")
        raise AssertionError("clock skew on first attempt")

import pytest


@pytest.fixture
def broken_setup():
    raise RuntimeError("database unavailable")


@pytest.fixture
def broken_teardown():
    yield 1
    raise RuntimeError("could not remove temp dir")

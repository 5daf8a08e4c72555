from inventory.csvparse import export, parse_line, parse_lines


def test_parse_line():
    assert parse_line("SKU-1; 12 ;4.50") == ("SKU-1", 12, 4.5)


def test_parse_lines_collects_errors():
    parsed, errors = parse_lines(["# header", "A;1;2", "", "B;x;1", ";1;1"])
    assert parsed == [("A", 1, 2.0)]
    assert [number for number, _ in errors] == [4, 5]


def test_export_round_trip():
    rows = [("A", 1, 2.0)]
    assert parse_lines(export(rows).splitlines())[0] == rows


def test_unicode_name_überprüfung():
    assert parse_line("Ü;1;1")[0] == "Ü"

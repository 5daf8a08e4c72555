"""Reading stock lines such as `SKU-1;12;4.50`."""


def parse_line(text):
    parts = [part.strip() for part in text.split(";")]
    if len(parts) != 3:
        raise ValueError(f"expected 3 fields, got {len(parts)}")
    sku, quantity, price = parts
    if not sku:
        raise ValueError("empty sku")
    return sku, int(quantity), float(price)


def parse_lines(lines):
    parsed, errors = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            parsed.append(parse_line(line))
        except ValueError as error:
            errors.append((number, str(error)))
    return parsed, errors


def export(rows, separator=";"):
    out = []
    for sku, quantity, price in rows:
        out.append(separator.join([sku, str(quantity), f"{price:.2f}"]))
    return "\n".join(out)

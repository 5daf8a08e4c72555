<?php

declare(strict_types=1);

namespace Ledger\Money;

final class Amount
{
    private int $cents;

    public function __construct(int $cents)
    {
        if ($cents < 0) {
            throw new \InvalidArgumentException('negative amount');
        }
        $this->cents = $cents;
    }

    public function cents(): int
    {
        return $this->cents;
    }

    public function plus(Amount $other): Amount
    {
        return new Amount($this->cents + $other->cents);
    }

    public function format(string $currency = 'EUR'): string
    {
        $whole = intdiv($this->cents, 100);
        $rest = $this->cents % 100;
        return sprintf('%d.%02d %s', $whole, $rest, $currency);
    }
}

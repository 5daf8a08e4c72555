<?php

declare(strict_types=1);

namespace Ledger;

use Ledger\Money\Amount;

final class Book
{
    /** @var array<string, Amount> */
    private array $balances = [];

    public function deposit(string $account, Amount $amount): void
    {
        $current = $this->balances[$account] ?? new Amount(0);
        $this->balances[$account] = $current->plus($amount);
    }

    public function balance(string $account): Amount
    {
        if (!isset($this->balances[$account])) {
            return new Amount(0);
        }
        return $this->balances[$account];
    }

    public function close(string $account): bool
    {
        if (!isset($this->balances[$account])) {
            return false;
        }
        unset($this->balances[$account]);
        return true;
    }
}

<?php

declare(strict_types=1);

function ledger_percent(int $part, int $whole): float
{
    if ($whole === 0) {
        return 0.0;
    }
    return $part * 100 / $whole;
}

<?php

declare(strict_types=1);

use Ledger\Book;
use Ledger\Money\Amount;
use PHPUnit\Framework\TestCase;

final class BookTest extends TestCase
{
    public function testDepositAddsUp(): void
    {
        $book = new Book();
        $book->deposit('cash', new Amount(150));
        $book->deposit('cash', new Amount(275));
        $this->assertSame(425, $book->balance('cash')->cents());
    }

    public function testUnknownAccountIsEmpty(): void
    {
        $this->assertSame(0, (new Book())->balance('none')->cents());
    }

    public function testNegativeAmountIsRefused(): void
    {
        $this->expectException(InvalidArgumentException::class);
        new Amount(-1);
    }
}

<?php

declare(strict_types=1);

require __DIR__ . '/../src/Money/Amount.php';
require __DIR__ . '/../src/Book.php';
require __DIR__ . '/../src/helpers.php';

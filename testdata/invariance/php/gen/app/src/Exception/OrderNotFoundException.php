<?php

namespace App\Exception;

final class OrderNotFoundException extends \RuntimeException
{
}

<?php

namespace App\Exception;

final class HttpException extends \RuntimeException
{
}

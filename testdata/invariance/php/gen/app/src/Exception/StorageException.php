<?php

namespace App\Exception;

final class StorageException extends \RuntimeException
{
}

<?php

namespace Acme\Json;

class DecodeException extends \RuntimeException
{
}

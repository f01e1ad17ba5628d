<?php

namespace Acme\Http;

class NotFoundException extends \RuntimeException
{
}

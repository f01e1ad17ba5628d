"""courier: a small HTTP routing and client toolkit (stands in for a third-party dependency)."""
from .client import Session
from .retry import retry
from .routing import Request, Router

__version__ = "1.3.0"

__all__ = ["Request", "Router", "Session", "retry"]

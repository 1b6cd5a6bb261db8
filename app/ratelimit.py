"""A per-credential request rate limit: token buckets kept in the process.

Each caller — an API key or token subject, or an anonymous client's address — has a bucket
of `burst` requests that refills at `per_minute` / 60 a second. A request finding it empty
is refused with HTTP 429 and `Retry-After` (whole seconds until a token is back).
Requests with invalid credentials draw from their address's bucket, so guessing keys is
limited too.

The buckets live in one process: with `--workers N` a caller may make N times the rate.
At most MAX_BUCKETS callers are tracked; the least recently seen are forgotten first.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

MAX_BUCKETS = 10_000


class RateLimiter:
    def __init__(self, per_minute: float, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0 and self.burst > 0

    def acquire(self, key: str) -> float:
        """Take one request for `key`: 0 when allowed, else the seconds to wait."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        tokens, at = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > MAX_BUCKETS:
            self._buckets.popitem(last=False)
        return wait


def retry_after(wait_s: float) -> str:
    """The Retry-After header value for a wait (at least one second)."""
    return str(max(1, math.ceil(wait_s)))

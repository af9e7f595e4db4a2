"""Print what hostile responses cost the fetcher: a double-gzip bomb, a trickling body, a stop.

    python bench/fetch_limits.py [--bomb-mb 2900]

Against the replay server on 127.0.0.1. For the bomb it prints the bytes on the
wire, the seconds until the fetch is refused and the peak memory allocated while
fetching (tracemalloc), for the fetcher and, for comparison, for httpx's own
decoding (`iter_bytes`, what the fetcher used before) on a smaller bomb. For the
trickle (1 byte/s) it prints how long `--timeout 1` takes to give up, and how
long a stop request takes to end the read.
"""

from __future__ import annotations

import argparse
import threading
import time
import tracemalloc

import httpx

from scraper.config import FetchConfig
from scraper.errors import FetchError, Interrupted
from scraper.fetch import Fetcher
from scraper.replay import ReplayServer, _gzip_layers, find_sample_dir

TOPIC = "/index.php?topic=200457.15"


def measure(action) -> tuple[float, int, str]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = action()
    except (FetchError, Interrupted, MemoryError) as exc:
        outcome = type(exc).__name__
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, str(outcome)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mb", type=int, default=2900, help="what the bomb inflates to (MB)")
    parser.add_argument("--httpx-bomb-mb", type=int, default=256, help="the smaller bomb for httpx's decoder (MB)")
    args = parser.parse_args()
    config = FetchConfig(delay=0.0, retries=1, timeout=30.0)
    with ReplayServer(find_sample_dir("smf20"), robots_txt=None) as server:
        page = server.resolve(TOPIC)[2]
        bomb = _gzip_layers(page, 2, args.bomb_mb * 2**20)
        print(f"double-gzip bomb: {len(bomb) / 1024:.1f} KB on the wire, inflates to {args.bomb_mb} MB")
        server.add_faults(TOPIC, ("gzip", 2, args.bomb_mb * 2**20))
        with Fetcher(config) as fetcher:
            seconds, peak, outcome = measure(lambda: fetcher.fetch(server.url(TOPIC)))
        print(f"  fetcher (20 MB cap):      {outcome} after {seconds:.2f} s, peak {peak / 2**20:.1f} MB allocated")

        small = args.httpx_bomb_mb * 2**20
        server.add_faults(TOPIC, ("gzip", 2, small))

        def httpx_decoding() -> str:
            total = 0
            with httpx.Client() as client, client.stream("GET", server.url(TOPIC)) as response:
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > config.max_response_bytes:
                        return f"cap passed at {total / 2**20:.0f} MB"
            return f"{total} bytes"

        seconds, peak, outcome = measure(httpx_decoding)
        print(f"  httpx iter_bytes ({args.httpx_bomb_mb} MB bomb): {outcome} after {seconds:.2f} s, "
              f"peak {peak / 2**20:.1f} MB allocated")

        server.add_faults(TOPIC, ("slow", 1.0))
        with Fetcher(FetchConfig(delay=0.0, retries=1, timeout=1.0)) as fetcher:
            seconds, _, outcome = measure(lambda: fetcher.fetch(server.url(TOPIC)))
        print(f"1 byte/s body, --timeout 1: {outcome} after {seconds:.2f} s (the body would take {len(page) / 3600:.1f} h)")

        server.add_faults(TOPIC, ("slow", 1.0))
        stop = threading.Event()
        with Fetcher(FetchConfig(delay=0.0, retries=1, timeout=600.0)) as fetcher:
            fetcher.interrupt_when(lambda: "stop" if stop.is_set() else None)
            threading.Timer(1.0, stop.set).start()
            seconds, _, outcome = measure(lambda: fetcher.fetch(server.url(TOPIC)))
        print(f"stop request 1 s into a 1 byte/s body: {outcome} {seconds - 1.0:.2f} s after the request")


if __name__ == "__main__":
    main()

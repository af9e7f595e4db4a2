"""smf-archive: archive Simple Machines Forum threads and the cables pasted into them."""

__version__ = "0.1.0"

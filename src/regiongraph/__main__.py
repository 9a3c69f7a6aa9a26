"""``python -m regiongraph``: the command line."""

from .cli import main

main()

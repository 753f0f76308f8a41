"""``python -m accord`` runs the command line."""

from .cli import main

main()

"""`python -m clinic.booking …`: the staff tool for booking requests (see cli.py)."""

from clinic.booking.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

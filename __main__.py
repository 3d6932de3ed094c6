"""`python -m ducha` runs the command line."""

from ducha.cli import main

raise SystemExit(main())

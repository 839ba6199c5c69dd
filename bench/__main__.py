"""`python -m bench`: see `bench.run`; `python -m bench mutation`: see `bench.mutation`."""

from __future__ import annotations

import sys

if sys.argv[1:2] == ["mutation"]:
    from bench.mutation import main as mutation

    sys.exit(mutation(sys.argv[2:]))

from bench.run import main

sys.exit(main())

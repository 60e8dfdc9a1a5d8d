"""The ``brief`` command line: parses arguments, calls ``toolkit``, prints, sets exit codes."""

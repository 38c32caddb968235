// Public API of the Antrea constructs (one line per file).

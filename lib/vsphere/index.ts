// Public API of the vSphere constructs (one line per file).

"""Qt-free foundation: types that cross threads, errors, config, paths, storage, hardware."""

"""Every rule module; importing this package registers their checks with the rulebook."""

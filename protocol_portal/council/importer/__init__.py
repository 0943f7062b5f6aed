"""Loading a council file (COUNCIL-FILE.md): parse and validate purely, then apply in one transaction."""

"""The `zhiren` command: one module per command group, thin over the layers; nothing imports it."""

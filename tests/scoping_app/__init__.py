"""A test-only app: one model scoped by thèmes and by the intercommunalité of its commune."""

"""The REST API and the dashboard: thin shells over ``gwr.store.corpus.Corpus``."""

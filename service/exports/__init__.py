"""Exports of the desk's data; each format is a streaming writer over documents."""

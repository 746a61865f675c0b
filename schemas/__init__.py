"""Marshmallow schemas: the only way in or out of the HTTP API, one module per resource."""

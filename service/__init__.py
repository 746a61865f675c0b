"""claimdesk: claims and their attributed sources, extracted from news and reviewed by analysts."""

__version__ = "0.1.0"


def create_app(config=None):
    """Build the Flask application (see :mod:`service.app`)."""
    from service.app import create_app as _create_app

    return _create_app(config)

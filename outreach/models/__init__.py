from .images import KepuImage, KepuRendition

__all__ = ["KepuImage", "KepuRendition"]

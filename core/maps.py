"""Map tiles usable in mainland China, and the coordinate shift they need.

`KEPU_MAP_TILES` chooses a preset: `none` (the default: no tiles, no request to another
origin; the map shows its markers on a plain ground and the list beside it has everything),
`amap` (高德), `tianditu` (天地图, with `KEPU_MAP_TIANDITU_KEY`) or `custom`
(`KEPU_MAP_TILE_URL`, `KEPU_MAP_TILE_ATTRIBUTION`, `KEPU_MAP_COORDINATES`). Mainland
services other than 天地图 draw their maps in GCJ-02, the offset datum the law requires
there, so a WGS-84 point (what venues store, what GPS and JSON-LD use) lands a few hundred
metres off unless shifted: `to_map` does it server-side, in the data the page embeds.

This module reads no Django setting itself (config/settings/base.py uses it to build the
Content-Security-Policy's img-src); callers pass core.conf's `kepu_settings.MAP`.
"""

import math

PROVIDERS = ("none", "amap", "tianditu", "custom")
PRESETS = {
    "amap": {
        "layers": [
            {
                "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
                "subdomains": "1234",
            }
        ],
        "attribution": "© 高德地图",
        "coordinates": "gcj02",
    },
    "tianditu": {
        "layers": [
            {
                "url": "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
                "subdomains": "01234567",
            },
            {
                "url": "https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                "&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
                "subdomains": "01234567",
            },
        ],
        "attribution": "© 国家地理信息公共服务平台 天地图",
        # CGCS2000, which differs from WGS-84 by centimetres: no shift.
        "coordinates": "wgs84",
    },
}


class MapSettingsError(ValueError):
    pass


def resolve(provider, *, url="", attribution="", key="", coordinates="wgs84"):
    """{"provider", "layers": [{"url", "subdomains"}], "attribution", "coordinates"} for the
    chosen preset; a bad choice raises MapSettingsError with what to set."""
    provider = (provider or "none").strip().lower()
    if provider not in PROVIDERS:
        raise MapSettingsError(f"KEPU_MAP_TILES must be one of {', '.join(PROVIDERS)}, not {provider!r}")
    if provider == "none":
        return {"provider": "none", "layers": [], "attribution": "", "coordinates": "wgs84"}
    if provider == "custom":
        if not url.startswith("https://") and not url.startswith("/"):
            raise MapSettingsError("KEPU_MAP_TILES=custom needs KEPU_MAP_TILE_URL (https://… or /…, with {z}/{x}/{y})")
        if coordinates not in ("wgs84", "gcj02"):
            raise MapSettingsError(f"KEPU_MAP_COORDINATES must be wgs84 or gcj02, not {coordinates!r}")
        return {
            "provider": "custom",
            "layers": [{"url": url, "subdomains": "abc"}],
            "attribution": attribution,
            "coordinates": coordinates,
        }
    preset = PRESETS[provider]
    if provider == "tianditu":
        if not key:
            raise MapSettingsError("KEPU_MAP_TILES=tianditu needs KEPU_MAP_TIANDITU_KEY (天地图的应用 key)")
        layers = [{**layer, "url": layer["url"].replace("{key}", key)} for layer in preset["layers"]]
    else:
        layers = preset["layers"]
    return {
        "provider": provider,
        "layers": layers,
        "attribution": preset["attribution"],
        "coordinates": preset["coordinates"],
    }


def tile_origins(config):
    """The origins the tiles come from, for the Content-Security-Policy's img-src."""
    from urllib.parse import urlsplit

    origins = []
    for layer in config["layers"]:
        parts = urlsplit(layer["url"])
        if parts.scheme and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
            if "*" in origin:  # webrd0{s}.is.autonavi.com: a wildcard only stands for a whole label
                host = parts.netloc.split(".", 1)[1]
                origin = f"{parts.scheme}://*.{host}"
            if origin not in origins:
                origins.append(origin)
    return origins


# WGS-84 → GCJ-02 (the published "eviltransform" algorithm: Krasovsky 1940 ellipsoid and the
# offset polynomials). Points outside mainland China's box are left as they are.
_A = 6378245.0
_EE = 0.00669342162296594323


def outside_china(lat, lng):
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat, lng):
    if outside_china(lat, lng):
        return lat, lng
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lng + d_lng


def to_map(lat, lng, config):
    """A stored WGS-84 point in the datum of `config`'s tiles (kepu_settings.MAP), rounded to
    about 10 cm."""
    lat, lng = float(lat), float(lng)
    if config["coordinates"] == "gcj02":
        lat, lng = wgs84_to_gcj02(lat, lng)
    return round(lat, 6), round(lng, 6)

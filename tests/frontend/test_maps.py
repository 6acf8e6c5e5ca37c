"""Maps usable in China (core/maps.py): tile presets, and WGS-84 → GCJ-02 for the providers
that draw in GCJ-02, checked against the eviltransform project's published test vectors."""

import json
import math
import re

import pytest

from core.maps import MapSettingsError, resolve, to_map, wgs84_to_gcj02
from tests.conftest import SHANGHAI

# (WGS-84, GCJ-02) from eviltransform's tests (github.com/googollee/eviltransform).
VECTORS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # 上海
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # 深圳
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # 北京
]


@pytest.mark.parametrize(("wgs", "gcj"), VECTORS)
def test_wgs84_to_gcj02_matches_the_published_vectors(wgs, gcj):
    assert wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)


def test_points_outside_china_are_unchanged():
    assert wgs84_to_gcj02(51.5007, -0.1246) == (51.5007, -0.1246)  # London
    assert wgs84_to_gcj02(39.7392, -104.9903) == (39.7392, -104.9903)  # Denver


def test_amap_moves_the_science_museum_onto_its_gcj02_map_and_tianditu_does_not():
    museum = (31.2196, 121.5435)  # 上海科技馆, WGS-84 as stored
    lat, lng = to_map(*museum, resolve("amap"))
    # Without the shift the marker would sit ~470 m off: 410 m west and 240 m north of the museum.
    east = (lng - museum[1]) * 111_320 * math.cos(math.radians(museum[0]))
    north = (lat - museum[0]) * 111_320
    assert 350 < east < 450 and -280 < north < -200, (east, north)
    assert (lat, lng) == (31.217456, 121.547785)
    assert to_map(*museum, resolve("tianditu", key="k")) == museum
    assert to_map(*museum, resolve("none")) == museum


def test_presets_refuse_what_they_cannot_serve():
    with pytest.raises(MapSettingsError, match="KEPU_MAP_TIANDITU_KEY"):
        resolve("tianditu")
    with pytest.raises(MapSettingsError, match="KEPU_MAP_TILE_URL"):
        resolve("custom")
    with pytest.raises(MapSettingsError, match="none, amap, tianditu, custom"):
        resolve("osm")
    assert resolve("tianditu", key="abc")["layers"][0]["url"].endswith("tk=abc")
    assert (
        resolve("custom", url="https://tiles.city.gov.cn/{z}/{x}/{y}.png", coordinates="gcj02")["coordinates"]
        == "gcj02"
    )


def embedded(html, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


def test_without_tiles_pages_embed_wgs84_and_name_no_other_origin(client, talk):
    index = client.get("/venues/", **SHANGHAI).text
    assert embedded(index, "map-tiles")["layers"] == []
    assert embedded(index, "venue-markers")[0]["lat"] == pytest.approx(31.2194)
    assert "map--plain" in index and "tile.openstreetmap" not in index
    venue = client.get(talk.venue.url, **SHANGHAI).text
    assert 'class="map-card"' in venue and "data-map" not in venue
    assert "https://uri.amap.com/marker?position=121.542900,31.219400" in venue  # 高德 navigation kept
    csp = client.get("/venues/", **SHANGHAI)["Content-Security-Policy"]
    assert "autonavi" not in csp and "openstreetmap" not in csp


def test_with_amap_tiles_the_markers_are_shifted_to_gcj02(client, talk, settings):
    settings.KEPU_MAP = resolve("amap")
    settings.KEPU_LISTING_CACHE = False
    index = client.get("/venues/", **SHANGHAI).text
    tiles = embedded(index, "map-tiles")
    assert "autonavi.com" in tiles["layers"][0]["url"] and tiles["attribution"] == "© 高德地图"
    marker = embedded(index, "venue-markers")[0]
    assert (marker["lat"], marker["lng"]) == pytest.approx(wgs84_to_gcj02(31.2194, 121.5429), abs=1e-6)
    venue = client.get(talk.venue.url, **SHANGHAI).text
    point = json.loads(
        re.search(r'<script type="application/json" id="venue-marker-\d+">(.*?)</script>', venue).group(1)
    )
    assert point[0]["lat"] == pytest.approx(marker["lat"], abs=1e-6)

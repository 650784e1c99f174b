"""The drawn buffers of the prohibited objects (Art. 9(5)), made in a child process.

Growing a shape by so many metres needs shapely (with numpy, ~16 MB). The map's GeoJSON
(`/places.geojson`) needs only these outlines: its places and objects are the rules'
GeoJSON as read. So `buffer_outlines` asks `python -m assembly.notices.outlines` for them
(`assembly.apart`), and remembers the answer for the same shapes and distance: the web
worker that draws the map never imports shapely. The law's distance, which decides, is
`geography.distance_to_geometry_m`; an outline is for the eye.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from assembly.apart import run_module

Geometry = Mapping[str, Any]  # GeoJSON: {"type": ..., "coordinates": ...}


def buffer_outlines(shapes: Sequence[Geometry], metres: float) -> list[dict[str, Any]]:
    """The outline of the area within about `metres` of each shape, in the same order."""
    return json.loads(_outlines(json.dumps({"shapes": list(shapes), "metres": metres},
                                           sort_keys=True)))


@lru_cache(maxsize=16)  # one entry a rules version in use: a few kilobytes each
def _outlines(request: str) -> str:
    return run_module(__name__, request.encode()).decode()


def main() -> None:
    from shapely.geometry import mapping, shape

    from assembly.notices.geography import buffer_outline

    request = json.loads(sys.stdin.buffer.read())
    outlines = [mapping(buffer_outline(shape(geojson), float(request["metres"])))
                for geojson in request["shapes"]]
    sys.stdout.write(json.dumps(outlines))


if __name__ == "__main__":
    main()

// The world map's geometry: Natural Earth's countries (public domain), as redistributed by the
// pinned npm package world-atlas, projected once with d3-geo (Equal Earth, fitted to a fixed
// viewBox) and written to generator/pages/charts/world_map.json, which is committed: the build
// reads that file and never runs Node, fetches nothing, and the page loads no map library.
//
//   node scripts/world_map.mjs            (or: make world-map)
//
// Shapes are simplified after projection, in viewBox pixels: every ring is cut where the
// topology's arcs meet (the points shared by three shapes or more), and each piece between two
// such points is simplified on its own (Douglas-Peucker), so the border two neighbours share is
// simplified once and the same for both, with no slivers between them. Coordinates are then
// rounded to DECIMALS and written as relative moves. Rings smaller than MIN_RING px² are left
// out, except a shape's largest; a shape smaller than SMALL px² is marked `small`, and the
// drawing adds a marker at its centroid so it can be seen and clicked. Same input, same bytes.
//
// Options (to measure other settings; the committed file uses the defaults):
//   --resolution 50m|110m  --tolerance PX  --decimals N  --out FILE

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const RESOLUTION = args.resolution ?? "50m";
const TOLERANCE = Number(args.tolerance ?? 0.4);  // px: how far a simplified border may stray
const DECIMALS = Number(args.decimals ?? 1);
const OUT = args.out ?? join(ROOT, "generator/pages/charts/world_map.json");
const WIDTH = 960;  // viewBox width; the height follows from the projection
const PAD = 2;
const MIN_RING = 0.6;  // px²: an island smaller than this is left out (unless it is all there is)
const SMALL = 12;  // px²: a shape smaller than this gets a marker

// Features without an ISO 3166-1 numeric id, keyed by the site's country slug (content/
// countries/<slug>), or by a slug of their own for places the site has no page for. A feature
// missing from this table stops the script: a new edition of the data must be looked at.
const SLUGS = {
  "Kosovo": "kosovo",
  "N. Cyprus": "northern-cyprus",
  "Somaliland": "somaliland",
  "Indian Ocean Ter.": "indian-ocean-territories",
  "Siachen Glacier": "siachen-glacier",
};
// Features split into the places the site rates apart: the polygons west of `lon` go to `west`.
const SPLITS = {
  "275": { lon: 34.6, west: ["gaza-strip", "Gaza Strip"], east: ["west-bank", "West Bank"] },
};
const DROPPED = new Set(["010"]);  // Antarctica

const version = (name) =>
  JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
const topology = JSON.parse(readFileSync(
  join(ROOT, "node_modules/world-atlas", `countries-${RESOLUTION}.json`), "utf8"));

// --- features: one per key ------------------------------------------------------------------

function features() {
  const out = [];
  for (const geometry of topology.objects.countries.geometries) {
    const name = geometry.properties.name;
    if (DROPPED.has(geometry.id)) continue;
    const f = feature(topology, geometry);
    const split = SPLITS[geometry.id];
    if (split) {
      const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates]
        : f.geometry.coordinates;
      for (const [side, keep] of [["west", (p) => p[0][0][0] < split.lon],
                                  ["east", (p) => p[0][0][0] >= split.lon]]) {
        const [key, label] = split[side];
        const part = polygons.filter(keep);
        if (part.length) out.push({ key, name: label,
          geometry: { type: "MultiPolygon", coordinates: part } });
      }
      continue;
    }
    let key;
    if (geometry.id === undefined) {
      key = SLUGS[name];
      if (!key) throw new Error(`no key for the feature ${JSON.stringify(name)}: add it to SLUGS`);
    } else {
      key = Number.parseInt(geometry.id, 10);
    }
    out.push({ key, name, geometry: f.geometry });
  }
  return out;
}

// --- projection and rings -------------------------------------------------------------------

function projection(all) {
  const p = geoEqualEarth().precision(0);  // no resampling: a vertex projects the same in
  p.fitWidth(WIDTH - 2 * PAD, all);        // every shape that has it
  const [[x0, y0], [, y1]] = geoPath(p).bounds(all);
  p.translate([p.translate()[0] - x0 + PAD, p.translate()[1] - y0 + PAD]);
  return { p, height: Math.ceil(y1 - y0 + 2 * PAD) };
}

function rings(path, geometry) {
  const out = [];
  let ring = null;
  path.context({
    moveTo(x, y) { ring = [[x, y]]; out.push(ring); },
    lineTo(x, y) { ring.push([x, y]); },
    closePath() {},
    arc() { throw new Error("unexpected arc"); },
  })(geometry);
  return out.map((r) => {
    const last = r[r.length - 1];
    return last[0] === r[0][0] && last[1] === r[0][1] ? r.slice(0, -1) : r;
  }).filter((r) => r.length >= 3);
}

const keyOf = ([x, y]) => `${x},${y}`;

function junctions(project) {
  // The first and last point of every arc: where a border between two shapes begins or ends.
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  const out = new Set();
  for (const arc of topology.arcs) {
    let x = 0, y = 0;
    const points = arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
    for (const point of [points[0], points[points.length - 1]]) {
      const xy = project(point);
      if (xy) out.add(keyOf(xy));
    }
  }
  return out;
}

// --- simplification -------------------------------------------------------------------------

function douglasPeucker(points, tolerance) {
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a], [bx, by] = points[b];
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
    let worst = -1, at = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i];
      const d = len === 0 ? Math.hypot(px - ax, py - ay)
        : Math.abs(dy * (px - ax) - dx * (py - ay)) / len;
      if (d > worst) { worst = d; at = i; }
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function simplifyPiece(piece) {
  // The same piece of border, met from either side, is simplified in one direction.
  const first = keyOf(piece[0]), last = keyOf(piece[piece.length - 1]);
  const forward = first < last || (first === last &&
    keyOf(piece[1] ?? piece[0]) <= keyOf(piece[piece.length - 2] ?? piece[0]));
  if (forward) return douglasPeucker(piece, TOLERANCE);
  return douglasPeucker([...piece].reverse(), TOLERANCE).reverse();
}

function simplifyRing(ring, shared) {
  let start = ring.findIndex((point) => shared.has(keyOf(point)));
  if (start < 0) {  // an island: no neighbour, cut it at two opposite points
    start = 0;
    const half = Math.floor(ring.length / 2);
    const a = simplifyPiece(ring.slice(0, half + 1));
    const b = simplifyPiece([...ring.slice(half), ring[0]]);
    return [...a, ...b.slice(1, -1)];
  }
  const turned = [...ring.slice(start), ...ring.slice(0, start), ring[start]];
  const out = [];
  let piece = [turned[0]];
  for (let i = 1; i < turned.length; i++) {
    piece.push(turned[i]);
    if (shared.has(keyOf(turned[i]))) {
      out.push(...simplifyPiece(piece).slice(0, -1));
      piece = [turned[i]];
    }
  }
  return out;
}

function area(ring) {  // signed, shoelace
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  }
  return sum / 2;
}

function centroid(ring) {
  const a = area(ring);
  if (Math.abs(a) < 1e-9) {
    const n = ring.length;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  let cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

// --- path text ------------------------------------------------------------------------------

const SCALE = 10 ** DECIMALS;
const grid = (v) => Math.round(v * SCALE);  // coordinates in units of 10^-DECIMALS px

function number(units) {  // 12 -> "1.2", -5 -> "-.5", 30 -> "3"
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(units);
  const whole = Math.floor(abs / SCALE), frac = abs % SCALE;
  if (!frac) return sign + whole;
  const digits = String(frac).padStart(DECIMALS, "0").replace(/0+$/, "");
  return sign + (whole ? String(whole) : "") + "." + digits;
}

function join2(numbers) {  // the fewest separators SVG's path grammar needs
  let out = "";
  for (const n of numbers) {
    const needs = out && !n.startsWith("-") && !(n.startsWith(".") && /\.\d*$/.test(out));
    out += (needs ? " " : "") + n;
  }
  return out;
}

function pathText(ringsOnGrid) {
  return ringsOnGrid.map((ring) => {
    const [x0, y0] = ring[0];
    const deltas = [];
    for (let i = 1; i < ring.length; i++) {
      deltas.push(number(ring[i][0] - ring[i - 1][0]), number(ring[i][1] - ring[i - 1][1]));
    }
    return "M" + join2([number(x0), number(y0)]) + "l" + join2(deltas) + "z";
  }).join("");
}

function onGrid(ring) {
  const out = [];
  for (const [x, y] of ring) {
    const point = [grid(x), grid(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0]
         && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

// --- the map --------------------------------------------------------------------------------

function main() {
  const all = features();
  const collection = { type: "FeatureCollection",
    features: all.map((f) => ({ type: "Feature", properties: {}, geometry: f.geometry })) };
  const { p, height } = projection(collection);
  const path = geoPath(p);
  const shared = junctions(p);
  const byKey = new Map();
  for (const f of all) {
    const full = rings(path, f.geometry);
    if (!full.length) throw new Error(`${f.name}: nothing to draw`);
    const shape = byKey.get(f.key) ?? { key: f.key, names: [], full: [], drawn: [] };
    shape.names.push([Math.abs(path.area(f.geometry)), f.name]);
    shape.full.push(...full);
    for (const ring of full) shape.drawn.push(onGrid(simplifyRing(ring, shared)));
    byKey.set(f.key, shape);
  }
  const shapes = [];
  for (const shape of byKey.values()) {
    // Several features with one key (Australia and its Ashmore and Cartier Islands): one
    // shape, named after the largest.
    shape.names.sort((a, b) => b[0] - a[0]);
    const total = shape.names.reduce((sum, [a]) => sum + a, 0);
    const sizes = shape.full.map((ring) => Math.abs(area(ring)));
    const largest = sizes.indexOf(Math.max(...sizes));
    const kept = shape.drawn.filter((ring, i) =>
      ring.length >= 3 && (i === largest || Math.abs(area(ring)) / SCALE ** 2 >= MIN_RING));
    const [cx, cy] = centroid(shape.full[largest]);
    if (!kept.length && total >= SMALL) {  // only a marked shape may lose all its rings
      throw new Error(`${shape.names[0][1]}: nothing left to draw`);
    }
    shapes.push({
      key: shape.key,
      name: shape.names[0][1],
      centroid: [Math.round(cx * 10) / 10, Math.round(cy * 10) / 10],
      small: total < SMALL,
      d: pathText(kept),
    });
  }
  shapes.sort((a, b) => String(a.key).localeCompare(String(b.key), "en", { numeric: true }));
  const doc = {
    about: "World map shapes for generator/pages/charts/worldmap.py, made by scripts/world_map.mjs:"
      + " do not edit by hand, run the script (make world-map).",
    source: `Natural Earth 1:${RESOLUTION} Admin 0 countries (version 4.1.0), as TopoJSON in the`
      + ` npm package world-atlas (countries-${RESOLUTION}.json); Antarctica left out`,
    licence: "Natural Earth data is in the public domain (naturalearthdata.com/about/terms-of-use);"
      + " the world-atlas package is ISC-licensed",
    packages: { "world-atlas": version("world-atlas"), "d3-geo": version("d3-geo"),
      "topojson-client": version("topojson-client") },
    projection: "Equal Earth (d3-geo geoEqualEarth), fitted to the width",
    simplification: { tolerance_px: TOLERANCE, decimals: DECIMALS, min_ring_px2: MIN_RING,
      small_px2: SMALL },
    width: WIDTH,
    height,
    key: "ISO 3166-1 numeric code (content's codes.m49) as a number, or a country slug",
    shapes,
  };
  const lines = Object.entries(doc).filter(([k]) => k !== "shapes")
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const body = shapes.map((s) => "    " + JSON.stringify(s)).join(",\n");
  writeFileSync(OUT, `{\n${lines.join("\n")}\n  "shapes": [\n${body}\n  ]\n}\n`);
  const bytes = shapes.reduce((sum, s) => sum + s.d.length, 0);
  console.log(`${OUT}: ${shapes.length} shapes, ${bytes} bytes of path data,`
    + ` ${shapes.filter((s) => s.small).length} small; viewBox 0 0 ${WIDTH} ${height}`);
}

main();

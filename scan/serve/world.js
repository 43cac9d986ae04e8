// Turns world-atlas's countries-110m.json (TopoJSON of Natural Earth 1:110m, public domain) into the dashboard's
// world.json: one SVG path per country in an equirectangular 960x480 frame, keyed by ISO 3166-1 alpha-2 (the
// codes the geo table uses), from Debian's iso-codes numeric-to-alpha-2 table. Done once at build time so the
// page needs no TopoJSON decoder. Usage: node world.js countries-110m.json iso_3166-1.json > world.json
const fs = require('fs');
const topo = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const iso = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))['3166-1'];
const alpha2 = Object.fromEntries(iso.filter(c => c.numeric).map(c => [c.numeric, c.alpha_2]));
const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
// quantized, delta-encoded arcs to longitude/latitude
const arcs = topo.arcs.map(arc => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
});
const point = ([lon, lat]) => ((lon + 180) * 960 / 360).toFixed(1) + ',' + ((90 - lat) * 480 / 180).toFixed(1);
function ring(indexes) {
  const pts = [];
  for (const i of indexes) {
    const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    pts.push(...(pts.length ? a.slice(1) : a));
  }
  // a ring that crosses the antimeridian (Russia, Fiji) would draw a line across the whole map: unwrap its
  // longitudes so it runs on past the frame's edge, where the SVG clips it
  let shift = 0;
  const unwrapped = pts.map(([lon, lat], k) => {
    if (k > 0) {
      const d = lon + shift - unwrapped_prev;
      if (d > 180) shift -= 360; else if (d < -180) shift += 360;
    }
    unwrapped_prev = lon + shift;
    return [lon + shift, lat];
  });
  return 'M' + unwrapped.map(point).join('L') + 'Z';
}
let unwrapped_prev = 0;
const countries = [];
for (const g of topo.objects.countries.geometries) {
  const polys = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
  if (!polys.length) continue;
  countries.push({id: alpha2[g.id] || null, name: g.properties.name,
    d: polys.map(p => p.map(ring).join('')).join('')});
}
process.stdout.write(JSON.stringify({
  source: 'Natural Earth 1:110m countries (public domain) via world-atlas 2.0.2 (ISC); ISO codes from Debian iso-codes',
  width: 960, height: 480, countries}) + '\n');

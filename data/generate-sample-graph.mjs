// Writes data/sample-graph.json: Norhaven, a fictional harbour city, as a graph of districts,
// public-transport lines and their stations, places to go, events at those places and the
// operators that run the lines. The output is the same on every run (a seeded random number
// generator, no clock), so the committed file can be checked against this script:
//
//   node data/generate-sample-graph.mjs && git diff --exit-code data/sample-graph.json
//
// The file lists each label's and relationship type's property types (`schema`), then the
// nodes by label and the relationships by (type, start label, end label), with nodes named by
// their `name` property. data/sample-graph.mjs loads it into a server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample-graph.json');

/** mulberry32: a small deterministic generator of floats in [0, 1). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20250607);
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
const round = (x, digits) => Number(x.toFixed(digits));
function shuffled(list) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
const pad = (n, width = 2) => String(n).padStart(width, '0');
const isoDate = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
/** An ISO 8601 duration of whole minutes: `PT1H30M`, `PT4M`. */
const isoMinutes = (minutes) => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
};

// ------------------------------------------------------------------ geography
// Stations sit on a 13 x 10 grid of cells about 900 m apart; row 0 is the north edge and
// row 9 the harbour front. Longitude/latitude of cell (0, 0):
const ORIGIN = { lon: 2.9, lat: 56.08 };
const STEP = { lon: 0.0145, lat: 0.0081 };
const KM_PER_DEG = { lon: 111.32 * Math.cos((56 * Math.PI) / 180), lat: 110.57 };

/** [longitude, latitude] of a (possibly fractional) grid position. */
const lonLat = (col, row) => [round(ORIGIN.lon + col * STEP.lon, 5), round(ORIGIN.lat - row * STEP.lat, 5)];
/** Distance in km between two [lon, lat] points (flat-earth approximation, fine at city scale). */
const km = ([lon1, lat1], [lon2, lat2]) => Math.hypot((lon1 - lon2) * KM_PER_DEG.lon, (lat1 - lat2) * KM_PER_DEG.lat);

const DISTRICT_NAMES = [
  ['Westcliff', 'Northgate', 'Kingsmoor', 'Eastfield'],
  ['Ashby', 'Old Town', 'Market Hill', 'Fenwick'],
  ['Saltmarsh', 'Harbourside', 'Southbank', 'Lighthouse Point'],
];
/** The district (column 0-3, row 0-2) of a grid position. */
const districtAt = (col, row) => [Math.min(3, Math.floor(col / 3.25)), Math.min(2, Math.floor(row / 3.34))];

const districts = [];
DISTRICT_NAMES.forEach((names, drow) => names.forEach((name, dcol) => {
  districts.push({
    name,
    population: between(18, 95) * 1000 + between(0, 999),
    areaKm2: round(6 + random() * 9, 2),
    centre: lonLat(dcol * 3.25 + 1.6, drow * 3.34 + 1.6),
    coastal: drow === 2,
    postcodes: [`NH${drow * 4 + dcol + 1}`, `NH${drow * 4 + dcol + 1}${pick(['A', 'B', 'C'])}`],
    incorporated: isoDate(between(1200, 1920), between(1, 12), between(1, 28)),
  });
}));
const districtName = (col, row) => { const [c, r] = districtAt(col, row); return DISTRICT_NAMES[r][c]; };

// ------------------------------------------------------------------ lines and stations
const LINES = [
  { code: 'M1', name: 'Red Line', mode: 'metro', colour: '#d7263d', opened: 1962, headway: 240,
    stops: [[0, 5], [1, 5], [2, 5], [3, 5], [4, 5], [5, 5], [6, 5], [7, 5], [8, 5], [9, 5], [10, 5], [11, 5], [12, 5]] },
  { code: 'M2', name: 'Blue Line', mode: 'metro', colour: '#1b63c6', opened: 1971, headway: 240,
    stops: [[6, 0], [6, 1], [6, 2], [6, 3], [6, 4], [6, 5], [6, 6], [6, 7], [6, 8], [6, 9]] },
  { code: 'M3', name: 'Green Line', mode: 'metro', colour: '#2e9e44', opened: 1988, headway: 300,
    stops: [[1, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [7, 7], [8, 8], [9, 8], [10, 9]] },
  { code: 'C4', name: 'Circle Line', mode: 'metro', colour: '#f2a516', opened: 2004, headway: 360, loop: true,
    stops: [[4, 2], [6, 2], [8, 2], [9, 3], [9, 5], [8, 7], [6, 8], [4, 7], [3, 5], [3, 3]] },
  { code: 'T5', name: 'Harbour Tram', mode: 'tram', colour: '#0fa3a3', opened: 1897, headway: 480,
    stops: [[0, 8], [1, 9], [2, 9], [3, 9], [4, 9], [5, 9], [6, 9], [7, 9], [8, 9], [9, 9], [10, 9], [11, 8], [12, 7]] },
  { code: 'T6', name: 'Hills Tram', mode: 'tram', colour: '#8e44ad', opened: 1909, headway: 600,
    stops: [[0, 2], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1], [8, 1], [9, 1], [10, 2], [11, 3], [12, 3]] },
  { code: 'T7', name: 'Eastfield Tram', mode: 'tram', colour: '#e4572e', opened: 2015, headway: 600,
    stops: [[10, 2], [10, 3], [10, 4], [10, 5], [10, 6], [10, 7], [10, 8], [10, 9]] },
  { code: 'F8', name: 'Bay Ferry', mode: 'ferry', colour: '#5d6d7e', opened: 1935, headway: 1800,
    stops: [[1, 9], [5, 9], [9, 9], [12, 7]] },
];

const STATION_NAMES = [
  'Harbour Square', 'Market Street', 'Castle Gate', 'Mill Lane', 'Bridge Road', 'Church Hill', 'Parkside',
  'Quayside', "Fisher's Wharf", 'Rope Walk', 'Salt Cross', "King's Road", "Queen's Park", 'Abbey Fields',
  'Anchor Lane', 'Beacon Hill', 'Bell Street', 'Brewery Yard', 'Canal Street', 'Chapel Green', 'Clock Tower',
  'College Road', 'Copper Row', 'Crown Street', 'Dock Gate', 'Elm Grove', 'Ferry Road', 'Fountain Square',
  'Foundry Lane', 'Garden Terrace', 'Glass Works', 'Granary', 'Hay Market', 'High Street', 'Hollow Way',
  'Iron Bridge', 'Ivy Lane', 'Keel Street', 'Lantern Row', 'Library Square', 'Lime Kilns', 'Lookout',
  'Maple Avenue', "Mariner's Walk", 'Meadow Bank', "Merchant's Row", 'Mint Street', 'Net Lofts',
  'Observatory', 'Orchard Road', 'Oyster Bay', 'Palace Yard', 'Pier Head', 'Pilot Station', 'Pottery Lane',
  'Quarry Hill', 'Sail Loft', 'Shipyard', 'Signal Hill', 'Silver Street', 'Spring Gardens', 'Stadium',
  "Tanner's Row", 'Tide Mill', 'Tower Street', 'University', 'Victoria Park', 'Wharf End', 'Windmill Hill',
  'Wool Exchange',
];
const FACILITIES = ['lift', 'toilets', 'ticket office', 'bike parking', 'kiosk', 'waiting room', 'wifi'];

const cellKey = ([c, r]) => `${c},${r}`;
const cells = [...new Map(LINES.flatMap((l) => l.stops).map((cell) => [cellKey(cell), cell])).values()]
  .sort(([c1, r1], [c2, r2]) => r1 - r2 || c1 - c2);
const names = shuffled(STATION_NAMES.filter((n) => n !== 'Central'));
const stationByCell = new Map();
const stations = cells.map((cell, i) => {
  const [col, row] = cell;
  const name = col === 6 && row === 5 ? 'Central' : names[i];
  const lines = LINES.filter((l) => l.stops.some((s) => cellKey(s) === cellKey(cell)));
  const firstOpened = Math.min(...lines.map((l) => l.opened));
  const distance = Math.hypot(col - 6, row - 5);
  const station = {
    name,
    location: lonLat(col + (random() - 0.5) * 0.3, row + (random() - 0.5) * 0.3),
    opened: isoDate(firstOpened + between(0, 3), between(1, 12), between(1, 28)),
    zone: distance <= 2.5 ? 1 : distance <= 5 ? 2 : 3,
    platforms: Math.max(2, lines.length * 2 - (lines.some((l) => l.mode === 'tram') ? 1 : 0)),
    stepFree: random() < (firstOpened > 1980 ? 0.95 : 0.6),
    facilities: shuffled(FACILITIES).slice(0, between(1, 4)).sort(),
    dailyRiders: (lines.length * between(3, 9) + (name === 'Central' ? 40 : 0)) * 1000 + between(0, 999),
  };
  stationByCell.set(cellKey(cell), station);
  return station;
});

const lines = [];
const next = [];
const stopsAt = [];
for (const line of LINES) {
  const stops = line.stops.map((cell) => stationByCell.get(cellKey(cell)));
  const pairs = stops.slice(1).map((s, i) => [stops[i], s]);
  if (line.loop) pairs.push([stops.at(-1), stops[0]]);
  let length = 0;
  const speedKmPerMin = { metro: 0.55, tram: 0.3, ferry: 0.35 }[line.mode];
  for (const [from, to] of pairs) {
    const d = km(from.location, to.location);
    length += d;
    next.push({ from: from.name, to: to.name, properties: {
      line: line.code, distanceKm: round(d, 2), travelTime: isoMinutes(Math.ceil(d / speedKmPerMin) + 1),
    } });
  }
  stops.forEach((s, i) => stopsAt.push({ from: line.code, to: s.name, properties: {
    seq: i + 1, terminus: !line.loop && (i === 0 || i === stops.length - 1),
  } }));
  const inspected = { month: between(1, 12), day: between(1, 28), hour: between(0, 5), minute: between(0, 59) };
  lines.push({
    code: line.code, name: line.name, mode: line.mode, colour: line.colour,
    opened: isoDate(line.opened, between(1, 12), between(1, 28)),
    headway: isoMinutes(line.headway / 60),
    firstDeparture: `0${between(4, 6)}:${pad(between(0, 5) * 10)}`,
    lastInspection: `2025-${pad(inspected.month)}-${pad(inspected.day)}T${pad(inspected.hour)}:${pad(inspected.minute)}:00Z`,
    lengthKm: round(length, 1),
    nightService: line.mode === 'metro' && random() < 0.6,
  });
}

const OPERATORS = [
  { name: 'Norhaven Metro', publicOwned: true, founded: '1959-03-02', website: 'metro.norhaven.example', at: [6.2, 5.3], runs: ['M1', 'M2', 'M3', 'C4'] },
  { name: 'Bay Trams', publicOwned: false, founded: '1894-10-15', website: 'baytrams.example', at: [3.4, 8.7], runs: ['T5', 'T6', 'T7'] },
  { name: 'Harbour Ferries', publicOwned: false, founded: '1933-05-20', website: 'harbourferries.example', at: [5.1, 9.2], runs: ['F8'] },
];
const operators = OPERATORS.map(({ runs, at, ...o }) => ({ ...o, headquarters: lonLat(...at) }));
const runs = OPERATORS.flatMap((o) => o.runs.map((code) => {
  const year = between(2012, 2022);
  return { from: o.name, to: code, properties: {
    since: isoDate(year, between(1, 12), 1), contractEnds: isoDate(year + between(8, 15), 12, 31),
  } };
}));

// ------------------------------------------------------------------ places
const PLACES = {
  museum: ['Maritime Museum', 'Museum of Modern Art', 'City History Museum', 'Science Centre', 'Toy Museum',
    'Lighthouse Museum', 'Tramway Museum', 'Photography House'],
  park: ['Rose Garden', 'Oak Park', 'Harbour Park', 'Botanical Garden', 'Willow Common', 'Castle Gardens',
    'Dune Park', 'Mill Pond Park', 'Cherry Walk'],
  library: ['Central Library', 'Northgate Library', "Children's Library", 'University Library'],
  theatre: ['Royal Theatre', 'Harbour Playhouse', 'Little Stage', 'Opera House', 'Puppet Theatre'],
  stadium: ['Norhaven Stadium', 'Ice Arena', 'Velodrome', 'Fenwick Sports Hall'],
  market: ['Fish Market', 'Flower Market', 'Covered Market', "Farmers' Market", 'Night Market'],
  cafe: ['Blue Kettle', 'Corner Bakery', 'Tide Café', 'Harbour Roasters', 'Lantern Tea Room', 'The Galley',
    'Pier Coffee', 'Copper Pot', 'Sunday Crumb', 'Salt & Sugar'],
  restaurant: ['Anchor Grill', "Fisherman's Table", 'Olive Branch', 'Little Saigon', 'Pasta Fresca',
    'The Smokehouse', 'Spice Route', 'Northern Light'],
  school: ['Northgate School', 'Harbour Academy', "St. Mary's School", 'Kingsmoor College'],
  hospital: ['City Hospital', "Children's Hospital", 'Eastfield Clinic'],
  cinema: ['Odeon Norhaven', 'Film House', 'Starlight Cinema'],
  beach: ['North Beach', 'Shell Beach', 'Dune Beach'],
  church: ['St. Nicholas Church', 'Cathedral of St. Anne', "Seamen's Church"],
  gallery: ['Tidewater Gallery', 'Gallery North', 'Print Works'],
  venue: ['Concert Hall', 'The Boathouse', 'Jazz Cellar', 'Warehouse 9'],
};
const TAGS = {
  museum: ['history', 'family', 'indoor', 'art', 'science'], park: ['outdoor', 'family', 'dogs', 'picnic', 'playground'],
  library: ['quiet', 'wifi', 'family', 'indoor'], theatre: ['culture', 'evening', 'indoor'],
  stadium: ['sports', 'crowds', 'evening'], market: ['food', 'local', 'outdoor', 'weekend'],
  cafe: ['coffee', 'wifi', 'breakfast', 'vegan'], restaurant: ['dinner', 'seafood', 'vegan', 'terrace'],
  school: ['education'], hospital: ['health', '24h'], cinema: ['films', 'evening', 'indoor'],
  beach: ['outdoor', 'swimming', 'summer'], church: ['history', 'quiet', 'architecture'],
  gallery: ['art', 'indoor', 'quiet'], venue: ['music', 'evening', 'indoor'],
};
const FREE = new Set(['park', 'library', 'beach', 'church', 'school', 'hospital']);

const places = [];
const placeIn = [];
const near = [];
for (const [kind, placeNames] of Object.entries(PLACES)) {
  for (const name of placeNames) {
    // Beaches and the harbour's places stay near the water (the south rows).
    const row = kind === 'beach' ? 8.6 + random() * 0.6 : random() * 9.4;
    const col = random() * 12.4;
    const location = lonLat(col, row);
    places.push({
      name, kind, location,
      rating: round(3 + random() * 2, 1),
      tags: shuffled(TAGS[kind]).slice(0, between(1, Math.min(3, TAGS[kind].length))).sort(),
      free: FREE.has(kind),
      opened: isoDate(between(1850, 2023), between(1, 12), between(1, 28)),
    });
    placeIn.push({ from: name, to: districtName(col, row), properties: {} });
    const nearest = stations.map((s) => ({ s, d: km(location, s.location) })).sort((a, b) => a.d - b.d);
    for (const [i, { s, d }] of nearest.slice(0, 2).entries()) {
      if (i > 0 && d > 0.7) break;
      const metres = Math.round(d * 1000);
      near.push({ from: name, to: s.name, properties: { distanceM: metres, walk: isoMinutes(Math.max(1, Math.ceil(metres / 80))) } });
    }
  }
}

const stationIn = cells.map(([col, row]) => ({ from: stationByCell.get(cellKey([col, row])).name, to: districtName(col, row), properties: {} }));
const borders = [];
DISTRICT_NAMES.forEach((rowNames, r) => rowNames.forEach((name, c) => {
  if (c + 1 < rowNames.length) borders.push({ from: name, to: rowNames[c + 1], properties: { sharedBorderKm: round(1.5 + random() * 2.5, 1) } });
  if (r + 1 < DISTRICT_NAMES.length) borders.push({ from: name, to: DISTRICT_NAMES[r + 1][c], properties: { sharedBorderKm: round(1.5 + random() * 2.5, 1) } });
}));

// ------------------------------------------------------------------ events (2025)
const EVENTS = {
  concert: { venues: ['venue', 'park', 'theatre', 'church'], hours: [19, 20], length: [90, 180], price: [15, 60], names: [
    'Summer Jazz Night', 'Sea Shanty Evening', 'Symphony by the Sea', 'Rooftop Indie Session', 'Choir of the North',
    'Midsummer Folk', 'Organ Recital', 'Brass on the Bay', 'Electronic Dock Party', 'Young Soloists Gala'] },
  match: { venues: ['stadium'], hours: [15, 19], length: [105, 130], price: [12, 45], names: [
    'Norhaven FC v Saltby United', 'Norhaven FC v Port Ansel', 'Ice Hockey Derby', 'Track Cycling Grand Prix',
    'Basketball Cup Final', 'Harbour Rowing Regatta'] },
  festival: { venues: ['park', 'beach'], hours: [11, 12], length: [480, 600], price: [0, 25], names: [
    'Harbour Festival', 'Kite Day', 'Food Truck Weekend', 'Lantern Parade', 'Beach Volleyball Open'] },
  market: { venues: ['market', 'park'], hours: [8, 9], length: [300, 420], price: [0, 0], names: [
    'Christmas Market', 'Antiques Fair', 'Seafood Saturday', 'Makers Market', 'Plant Swap'] },
  exhibition: { venues: ['museum', 'gallery'], hours: [10, 10], length: [420, 480], price: [0, 18], names: [
    'Ships in Bottles', 'Light and Water', 'The Tramway Century', 'Northern Photography Prize', 'Maps of the Bay',
    'Glass from the Foundries'] },
  theatre: { venues: ['theatre'], hours: [19, 20], length: [120, 170], price: [20, 75], names: [
    'The Lighthouse Keeper', 'A Midsummer Night’s Dream', 'The Tempest', 'Salt and Sorrow', 'Puppets at Sea'] },
  talk: { venues: ['library', 'museum'], hours: [18, 19], length: [60, 90], price: [0, 8], names: [
    'How the Harbour Was Built', 'Birds of the Saltmarsh', 'Writing the City'] },
};
const PERFORMERS = ['The Tidewaters', 'Norhaven Philharmonic', 'Ada Lindqvist', 'The Copper Kettles', 'Jonas Berg',
  'Mira Okafor', 'Harbour Brass Band', 'Saltmarsh Singers', 'DJ Lowtide', 'Elin Sørensen', 'The Night Ferries',
  'Tomasz Nowak Trio', 'Ruth Adeyemi', 'Kingsmoor Players', 'Old Town Puppeteers'];

const events = [];
const at = [];
for (const [kind, spec] of Object.entries(EVENTS)) {
  const venues = places.filter((p) => spec.venues.includes(p.kind));
  for (const name of spec.names) {
    const month = name === 'Christmas Market' ? 12 : between(3, 11);
    const day = between(1, 28);
    const offset = month >= 4 && month <= 10 ? '+02:00' : '+01:00';
    const price = spec.price[1] === 0 ? 0 : between(spec.price[0], spec.price[1]) + pick([0, 0.5, 0.99]);
    const performers = ['concert', 'theatre'].includes(kind) ? shuffled(PERFORMERS).slice(0, between(1, 3)).sort() : [];
    const venue = pick(venues);
    events.push({
      name, kind,
      starts: `2025-${pad(month)}-${pad(day)}T${pad(pick(spec.hours))}:${pick(['00', '30'])}:00${offset}`,
      duration: isoMinutes(Math.floor(between(...spec.length) / 15) * 15),
      ticketPrice: round(price, 2),
      soldOut: random() < 0.2,
      performers,
      expectedVisitors: between(2, 40) * (kind === 'festival' || kind === 'match' ? 500 : 25),
    });
    at.push({ from: name, to: venue.name, properties: {} });
  }
}

// ------------------------------------------------------------------ output
const data = {
  about: 'Norhaven, a fictional harbour city: districts, transit lines and stations, places, events and operators. '
    + 'Generated by data/generate-sample-graph.mjs; loaded by data/sample-graph.mjs. Points are [longitude, latitude] '
    + '(WGS-84), durations ISO 8601, datetimes with their UTC offset.',
  schema: {
    nodes: {
      District: { name: 'string', population: 'int', areaKm2: 'float', centre: 'point', coastal: 'bool', postcodes: 'string[]', incorporated: 'date' },
      Station: { name: 'string', location: 'point', opened: 'date', zone: 'int', platforms: 'int', stepFree: 'bool', facilities: 'string[]', dailyRiders: 'int' },
      Line: { code: 'string', name: 'string', mode: 'string', colour: 'string', opened: 'date', headway: 'duration', firstDeparture: 'localtime', lastInspection: 'datetime', lengthKm: 'float', nightService: 'bool' },
      Operator: { name: 'string', publicOwned: 'bool', founded: 'date', website: 'string', headquarters: 'point' },
      Place: { name: 'string', kind: 'string', location: 'point', rating: 'float', tags: 'string[]', free: 'bool', opened: 'date' },
      Event: { name: 'string', kind: 'string', starts: 'datetime', duration: 'duration', ticketPrice: 'float', soldOut: 'bool', performers: 'string[]', expectedVisitors: 'int' },
    },
    keys: { District: 'name', Station: 'name', Line: 'code', Operator: 'name', Place: 'name', Event: 'name' },
    relationships: {
      NEXT: { line: 'string', distanceKm: 'float', travelTime: 'duration' },
      STOPS_AT: { seq: 'int', terminus: 'bool' },
      IN: {},
      NEAR: { distanceM: 'int', walk: 'duration' },
      RUNS: { since: 'date', contractEnds: 'date' },
      AT: {},
      BORDERS: { sharedBorderKm: 'float' },
    },
  },
  nodes: { District: districts, Station: stations, Line: lines, Operator: operators, Place: places, Event: events },
  relationships: [
    { type: 'NEXT', from: 'Station', to: 'Station', rows: next },
    { type: 'STOPS_AT', from: 'Line', to: 'Station', rows: stopsAt },
    { type: 'IN', from: 'Station', to: 'District', rows: stationIn },
    { type: 'IN', from: 'Place', to: 'District', rows: placeIn },
    { type: 'NEAR', from: 'Place', to: 'Station', rows: near },
    { type: 'RUNS', from: 'Operator', to: 'Line', rows: runs },
    { type: 'AT', from: 'Event', to: 'Place', rows: at },
    { type: 'BORDERS', from: 'District', to: 'District', rows: borders },
  ],
};

/** JSON with one node or relationship per line: readable, and diffs stay small. */
function format(value) {
  const rows = (list) => `[\n${list.map((item) => `      ${JSON.stringify(item)}`).join(',\n')}\n    ]`;
  const nodeGroups = Object.entries(value.nodes).map(([label, list]) => `    ${JSON.stringify(label)}: ${rows(list)}`);
  const relGroups = value.relationships.map(({ rows: list, ...head }) =>
    `    ${JSON.stringify(head).slice(0, -1)}, "rows": ${rows(list).replace(/\n {4}\]$/, '\n    ]')}}`);
  return `{\n  "about": ${JSON.stringify(value.about)},\n  "schema": ${JSON.stringify(value.schema, null, 2).replace(/\n/g, '\n  ')},\n`
    + `  "nodes": {\n${nodeGroups.join(',\n')}\n  },\n  "relationships": [\n${relGroups.join(',\n')}\n  ]\n}\n`;
}

writeFileSync(OUT, format(data));
const nodeCount = Object.values(data.nodes).reduce((n, list) => n + list.length, 0);
const relCount = data.relationships.reduce((n, g) => n + g.rows.length, 0);
console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${nodeCount} nodes, ${relCount} relationships`);

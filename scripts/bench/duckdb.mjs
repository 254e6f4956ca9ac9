// The benchmark's yardstick: the core outcome measures of an export computed by DuckDB,
// straight from the same CSV files iaptpub reads, so that iaptpub's time can be put
// beside a column-store database's on the same machine.
//
//   node scripts/bench/duckdb.mjs EXPORT_DIR [IAPTPUB_CSV]
//
// It prints, by financial year and provider (and ALL providers), referrals received
// (M001), accessing services (M031), finished a course of treatment (M076), recovered
// (M191) and the recovery rate (M192), and the seconds the query took. Given the output
// of `iaptpub measures --period year --unsuppressed`, it also checks that the two agree,
// value by value: a yardstick that computed something else would prove nothing.
//
// The SQL follows the shared spec, measures.md, section 1, with the default reference
// data of data/ written into it (instrument codes, the anxiety measure chosen by the
// primary presenting complaint, caseness thresholds). Unlike iaptpub it trusts its
// input: dates must be YYYY-MM-DD and no row is checked against the data contract, which
// holds for a synthetic export. The timing includes reading every CSV file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, iaptpubCSV] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/bench/duckdb.mjs EXPORT_DIR [IAPTPUB_MEASURES_CSV]');
  process.exit(2);
}

// read_csv with every column named and typed, so that nothing is sniffed: the reading
// is then what iaptpub does too, all of the file, nothing guessed.
function csv(file, columns) {
  const cols = Object.entries(columns).map(([name, type]) => `'${name}': '${type}'`).join(', ');
  const path = join(dir, file).replaceAll("'", "''");
  return `read_csv('${path}', header = true, auto_detect = false, delim = ',', quote = '"', columns = {${cols}})`;
}

const referrals = csv('referrals.csv', {
  ServiceRequestId: 'VARCHAR', LocalPatientId: 'VARCHAR', OrgIDProv: 'VARCHAR', OrgIDComm: 'VARCHAR',
  ReferralRequestReceivedDate: 'DATE', SourceOfReferralIAPT: 'VARCHAR', ServDischDate: 'DATE', EndCode: 'VARCHAR',
  AgeServReferRecDate: 'VARCHAR', Gender: 'VARCHAR', EthnicCategory: 'VARCHAR', IMDDecile: 'VARCHAR',
});
const contacts = csv('care_contacts.csv', {
  CareContactId: 'VARCHAR', ServiceRequestId: 'VARCHAR', OrgIDProv: 'VARCHAR', CareContDate: 'DATE',
  AppType: 'INTEGER', AttendOrDNACode: 'INTEGER', ConsMechanism: 'VARCHAR', IAPTLTCServiceInd: 'VARCHAR',
  ClinContDurOfCareCont: 'VARCHAR', Intensity: 'VARCHAR',
});
const assessments = csv('assessments.csv', {
  ServiceRequestId: 'VARCHAR', OrgIDProv: 'VARCHAR', CareContactId: 'VARCHAR', AssToolCompDate: 'DATE',
  CodedAssToolType: 'VARCHAR', PersScore: 'DOUBLE',
});
const complaints = csv('presenting_complaints.csv', {
  ServiceRequestId: 'VARCHAR', OrgIDProv: 'VARCHAR', PresComp: 'VARCHAR', PresCompCodSig: 'VARCHAR',
  PresCompDate: 'DATE',
});

// Financial year (April to March) of a date, as the date it starts.
const fy = (d) => `make_date(year(${d}) - CASE WHEN month(${d}) < 4 THEN 1 ELSE 0 END, 4, 1)`;

const sql = `
WITH
-- Referrals numbered, so that everything after the joins groups by one integer.
ref AS (
  SELECT row_number() OVER () AS id, ServiceRequestId AS sri, OrgIDProv AS org,
         ReferralRequestReceivedDate AS rec, ServDischDate AS dis
  FROM ${referrals}
),
-- Attended treatment appointments (AttendOrDNACode 5 or 6; AppType 02, 03, 05) dated
-- within the referral.
treat AS (
  SELECT r.id, count(*) AS n, min(c.CareContDate) AS first
  FROM ${contacts} c JOIN ref r ON r.sri = c.ServiceRequestId AND r.org = c.OrgIDProv
  WHERE c.AttendOrDNACode IN (5, 6) AND c.AppType IN (2, 3, 5)
    AND c.CareContDate >= r.rec AND (r.dis IS NULL OR c.CareContDate <= r.dis)
  GROUP BY r.id
),
-- The primary presenting complaint: of the rows marked P the latest dated, then the
-- last in the file; with no P the earliest dated, then the first in the file; a dated
-- row beats an undated one. Its anxiety disorder specific measure (ADSM), if any.
prim AS (
  SELECT r.id, arg_max(upper(replace(c.PresComp, '.', '')),
           struct_pack(p := c.p, dated := c.d IS NOT NULL,
                       d := CASE WHEN c.p THEN epoch(c.d) ELSE -epoch(c.d) END,
                       rn := CASE WHEN c.p THEN c.rn ELSE -c.rn END)) AS code
  FROM (SELECT *, PresCompCodSig = 'P' AS p, PresCompDate AS d, row_number() OVER () AS rn FROM ${complaints}) c
  JOIN ref r ON r.sri = c.ServiceRequestId AND r.org = c.OrgIDProv
  GROUP BY r.id
),
adsm AS (
  SELECT id, CASE
      WHEN code LIKE 'F400%' THEN 'AgoraAlone' WHEN code LIKE 'F401%' THEN 'SocialPhobia'
      WHEN code LIKE 'F410%' THEN 'PanicDisorder' WHEN code LIKE 'F42%' THEN 'OCD'
      WHEN code LIKE 'F431%' THEN 'PTSD' WHEN code LIKE 'F452%' THEN 'AnxietyInventory' END AS tool
  FROM prim
),
-- Valid scores (dated within the referral) of PHQ-9, GAD-7 and the referral's ADSM:
-- how many, and the first and last by date, then by order in the file.
sc AS (
  SELECT ServiceRequestId AS sri, OrgIDProv AS org, AssToolCompDate AS d, PersScore AS v,
         CASE CodedAssToolType WHEN '720433000' THEN 'PHQ9' WHEN '445455005' THEN 'GAD7'
              ELSE CodedAssToolType END AS tool,
         row_number() OVER () AS rn
  FROM ${assessments}
),
slots AS (
  SELECT r.id,
    count(*) FILTER (s.tool = 'PHQ9') AS pn,
    arg_min(s.v, struct_pack(d := s.d, rn := s.rn)) FILTER (s.tool = 'PHQ9') AS pf,
    arg_max(s.v, struct_pack(d := s.d, rn := s.rn)) FILTER (s.tool = 'PHQ9') AS pl,
    count(*) FILTER (s.tool = 'GAD7') AS gn,
    arg_min(s.v, struct_pack(d := s.d, rn := s.rn)) FILTER (s.tool = 'GAD7') AS gf,
    arg_max(s.v, struct_pack(d := s.d, rn := s.rn)) FILTER (s.tool = 'GAD7') AS gl,
    count(*) FILTER (s.tool = a.tool) AS xn,
    arg_min(s.v, struct_pack(d := s.d, rn := s.rn)) FILTER (s.tool = a.tool) AS xf,
    arg_max(s.v, struct_pack(d := s.d, rn := s.rn)) FILTER (s.tool = a.tool) AS xl,
    any_value(a.tool) AS xtool
  FROM sc s JOIN ref r USING (sri, org) LEFT JOIN adsm a ON a.id = r.id
  WHERE s.d >= r.rec AND (r.dis IS NULL OR s.d <= r.dis)
    AND (s.tool IN ('PHQ9', 'GAD7') OR s.tool = a.tool)
  GROUP BY r.id
),
caseness(tool, cut) AS (VALUES ('PHQ9', 10.0), ('GAD7', 8.0), ('SocialPhobia', 19.0), ('PanicDisorder', 8.0),
  ('AgoraAlone', 2.3), ('OCD', 14.0), ('PTSD', 32.0), ('AnxietyInventory', 18.0)),
per AS (
  SELECT r.org, r.rec, r.dis, t.first AS first_treat, coalesce(t.n, 0) AS n,
         coalesce(s.pn, 0) AS pn, s.pf, s.pl,
         -- The anxiety measure: the ADSM when it is paired, otherwise GAD-7.
         CASE WHEN s.xn >= 2 THEN s.xn ELSE coalesce(s.gn, 0) END AS an,
         CASE WHEN s.xn >= 2 THEN s.xf ELSE s.gf END AS af,
         CASE WHEN s.xn >= 2 THEN s.xl ELSE s.gl END AS al,
         CASE WHEN s.xn >= 2 THEN s.xtool ELSE 'GAD7' END AS atool
  FROM ref r LEFT JOIN treat t ON t.id = r.id LEFT JOIN slots s ON s.id = r.id
),
flags AS (
  SELECT per.*, per.dis IS NOT NULL AND per.n >= 2 AS finished,
         pn >= 1 AND an >= 1 AND NOT (pf >= 10 OR af >= ca.cut) AS not_caseness,
         pn >= 2 AND an >= 2 AND (pf >= 10 OR af >= ca.cut) AND pl < 10 AND al < ca.cut AS recovered
  FROM per LEFT JOIN caseness ca ON ca.tool = per.atool
),
counted AS (
  SELECT ${fy('rec')} AS fy, org, 'M001' AS m FROM flags
  UNION ALL SELECT ${fy('first_treat')}, org, 'M031' FROM flags WHERE first_treat IS NOT NULL
  UNION ALL SELECT ${fy('dis')}, org, 'M076' FROM flags WHERE finished
  UNION ALL SELECT ${fy('dis')}, org, 'M179' FROM flags WHERE finished AND not_caseness
  UNION ALL SELECT ${fy('dis')}, org, 'M191' FROM flags WHERE finished AND recovered
)
SELECT strftime(fy, '%Y-%m-%d') AS fy, coalesce(org, 'ALL') AS org, m, count(*)::INTEGER AS n
FROM counted GROUP BY GROUPING SETS ((fy, org, m), (fy, m))
ORDER BY fy, org, m
`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const start = process.hrtime.bigint();
const reader = await connection.runAndReadAll(sql);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

// cells: "fy,org" → {M001: n, …}
const cells = new Map();
for (const [year, org, m, n] of reader.getRowsJS()) {
  const key = `${year},${org}`;
  if (!cells.has(key)) cells.set(key, {});
  cells.get(key)[m] = n;
}
const rate = (c) => {
  const d = (c.M076 ?? 0) - (c.M179 ?? 0);
  return d > 0 ? (100 * (c.M191 ?? 0)) / d : null;
};
console.log('financial year  org   received  accessing  finished  recovered  recovery %');
for (const [key, c] of [...cells].sort()) {
  const [year, org] = key.split(',');
  const r = rate(c);
  console.log(`${year}      ${org.padEnd(5)} ${String(c.M001 ?? 0).padStart(9)} ${String(c.M031 ?? 0).padStart(10)} ` +
    `${String(c.M076 ?? 0).padStart(9)} ${String(c.M191 ?? 0).padStart(10)} ${r === null ? '         -' : r.toFixed(1).padStart(10)}`);
}
console.log(`duckdb_seconds ${seconds.toFixed(2)}`);

if (iaptpubCSV) {
  process.exitCode = compare(cells, iaptpubCSV) ? 0 : 1;
}

// compare checks DuckDB's cells against iaptpub's Total rows for the year periods.
function compare(cells, file) {
  const want = new Map();
  const lines = readFileSync(file, 'utf8').split('\n');
  const head = lines[0].split(',');
  const col = (name) => head.indexOf(name);
  const [cStart, cEnd, cOrg, cType, cID, cValue] =
    ['REPORTING_PERIOD_START', 'REPORTING_PERIOD_END', 'ORG_CODE', 'VARIABLE_TYPE', 'MEASURE_ID', 'MEASURE_VALUE'].map(col);
  for (const line of lines.slice(1)) {
    // Labels may be quoted and hold commas, but Total rows have none before the value.
    const f = line.split(',');
    if (f.length < head.length || f[cType] !== 'Total' || !['M001', 'M031', 'M076', 'M191', 'M192'].includes(f[cID])) continue;
    const year = Number(f[cStart].slice(0, 4));
    if (!f[cStart].endsWith('-04-01') || f[cEnd] !== `${year + 1}-03-31`) continue;
    want.set(`${f[cStart]},${f[cOrg]},${f[cID]}`, Number(f[cValue]));
  }
  let bad = 0, checked = 0;
  const check = (key, got) => {
    checked++;
    const w = want.get(key);
    const same = w === undefined ? got === 0 || got === null : key.endsWith('M192') ? Math.abs(w - got) < 0.51 : w === got;
    if (!same) {
      bad++;
      if (bad <= 20) console.error(`differs: ${key}: iaptpub ${w}, duckdb ${got}`);
    }
  };
  for (const [key, c] of cells) {
    for (const m of ['M001', 'M031', 'M076', 'M191']) check(`${key},${m}`, c[m] ?? 0);
    const r = rate(c);
    if (r !== null) check(`${key},M192`, r);
  }
  // Every year cell iaptpub published must be one DuckDB found too.
  for (const key of want.keys()) {
    const [year, org] = key.split(',');
    if (!cells.has(`${year},${org}`)) {
      bad++;
      console.error(`only iaptpub has ${key}`);
    }
  }
  console.log(bad === 0 ? `agreement: all ${checked} values agree with iaptpub` : `agreement: ${bad} of ${checked} values differ from iaptpub`);
  return bad === 0;
}

// `npm run bench` (all) or `npm run bench -- registry|ledger|load|audit|analysis|reform|matters|standards|events|annual`: benchmarks with baselines measured
// in the same run on the same machine. See docs/registry.md and docs/ledger.md for what each measures.
import { benchLedger } from './bench/ledger.js';
import { benchRegistry } from './bench/registry.js';
import { benchLoad } from './bench/load.js';
import { benchAudit } from './bench/audit.js';
import { benchAnalysis } from './bench/analysis.js';
import { benchReform } from './bench/reform.js';
import { benchMatters } from './bench/matters.js';
import { benchStandards } from './bench/standards.js';
import { benchEvents } from './bench/events.js';
import { benchAnnualReport } from './bench/annual-report.js';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = { registry: benchRegistry, ledger: benchLedger, load: benchLoad, audit: benchAudit, analysis: benchAnalysis, reform: benchReform, matters: benchMatters, standards: benchStandards, events: benchEvents, annual: benchAnnualReport };
for (const name of wanted.length ? wanted : Object.keys(all)) {
  const bench = all[name as keyof typeof all];
  if (!bench) throw new Error(`unknown benchmark ${name}; choose from ${Object.keys(all).join(', ')}`);
  await bench();
}

// The figures of the source report, written exactly as printed (formats and all). The demo data
// is built to reproduce them, and they are stored as declared figures beside what is computed.
import type { BudgetCategory, Channel, Process, Segment, SupplyList } from '../../shared/domain.ts';

export const REPORT_2011 = {
  title: 'Informe de gestión EsSalud 2011 y programación de compras 2012',
  reference: 'seed/000_146bc43cc4a373a2.txt',
  notes:
    'Presentación institucional de EsSalud (texto extraído de diapositivas). ' +
    'Presupuesto de materiales estratégicos: fuente Sistema SAP R/3 al 19.09.2011.',
} as const;

export const PROGRAMME_2012 = { name: 'Compra 2012', fiscalYear: 2012 } as const;

export const declaredFormulary: { supplyList: SupplyList | null; items: number }[] = [
  { supplyList: null, items: 919 },
  { supplyList: 'centralized', items: 666 },
  { supplyList: 'local', items: 253 },
];

export interface DeclaredPurchase {
  channel: Channel;
  /** null with process null: the channel total. */
  segment: Segment | null;
  /** null: a subtotal (of the segment, or of the channel). */
  process: Process | null;
  items: number;
  printed: string | null;
}

export const declaredPurchases: DeclaredPurchase[] = [
  { channel: 'minsa_corporate', segment: null, process: null, items: 346, printed: 'S/. 207,771,443.11' },
  { channel: 'minsa_corporate', segment: 'oncology', process: null, items: 89, printed: 'S/. 78,071,638.09' },
  { channel: 'minsa_corporate', segment: 'oncology', process: 'reverse_auction', items: 66, printed: 'S/. 25,792,540.58' },
  { channel: 'minsa_corporate', segment: 'oncology', process: 'conventional', items: 23, printed: 'S/. 52,279,097.51' },
  { channel: 'minsa_corporate', segment: 'medicines', process: null, items: 257, printed: 'S/. 129,699,805.02' },
  { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', items: 254, printed: 'S/. 128,298,294.12' },
  { channel: 'minsa_corporate', segment: 'medicines', process: 'conventional', items: 3, printed: 'S/. 1,401,510.90' },
  { channel: 'essalud', segment: null, process: null, items: 321, printed: 'S/. 414,957,877.90' },
  { channel: 'essalud', segment: null, process: 'reverse_auction', items: 150, printed: 'S/. 91’960,944.11' },
  { channel: 'essalud', segment: null, process: 'conventional', items: 166, printed: 'S/.  322’996,933.79' },
  { channel: 'essalud', segment: null, process: 'unscheduled', items: 5, printed: null },
];

export const BUDGET_FISCAL_YEAR = 2011;

export const declaredBudget: { category: BudgetCategory; printed: string }[] = [
  { category: 'medicines', printed: 'S/. 559.493.149,83' },
  { category: 'medical_supplies', printed: 'S/. 335.859.956,06' },
  { category: 'dental_supplies', printed: 'S/. 119.409.578,97' },
  { category: 'radiology_supplies', printed: 'S/. 19.705.635,48' },
];

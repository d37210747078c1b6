// The columns of an SAP purchase-order list export (ME2N, ME2M, ME2L: "Export → Spreadsheet" or
// "Local file") that the reconciliation import reads (issue 13), in the catalogue shape every
// import uses (shared/import-columns.ts): key, Spanish label, the ALV headings of an English or a
// Spanish logon, required or optional. Headings are compared folded (no case, accents or repeated
// spaces), so «POSICIÓN» and «posicion» both read as Item.
//
// Where the headings come from:
//   [EN]  the 53 headings of a real ME2N XLSX export, English logon (reference file
//         me2n_headers_en_53cols.txt);
//   [ES]  Spanish-logon headings seen in code that ingests real ME2N/ME2M exports, with its
//         English–Spanish table (me2n_headers_es.txt, lists A and B);
//   [#13] headings issue 13 names that neither reference file lists.
// Left out on purpose: «Order Price Unit» [EN] is the unit of measure the price is quoted in, not
// the price unit (a quantity such as 100); «Stockkeeping unit» and «Quantity in SKU» [EN] are in
// the base unit, not the order unit.
import { fold, type ImportColumn } from './import-columns.ts';

export const sapKeys = [
  'purchasingDocument',
  'item',
  'documentDate',
  'material',
  'shortText',
  'orderQuantity',
  'orderUnit',
  'netPrice',
  'priceUnit',
  'netOrderValue',
  'currency',
  'vendor',
  'vendorName',
  'plant',
  'stillToDeliverQuantity',
  'stillToDeliverValue',
  'stillToInvoiceQuantity',
  'stillToInvoiceValue',
  'processCode',
] as const;
export type SapKey = (typeof sapKeys)[number];

const column = (key: SapKey, label: string, headings: string[], defaultValue?: string): ImportColumn<SapKey> => ({
  key,
  label,
  aliases: [...new Set([label, ...headings].map(fold))],
  required: defaultValue === undefined,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});

/**
 * What identifies a line (document, item), dates it, and prices it (material, quantity, net price,
 * currency) is required. The price unit defaults to 1, as SAP's own default; the rest is optional:
 * read when the layout has it. An empty default means "absent" to sap-export-row.ts.
 */
export const sapExportColumns = [
  // [EN] Purchasing Document; [ES] A: Documento compras.
  column('purchasingDocument', 'Documento compras', ['Purchasing Document']),
  // [EN] Item; [ES] A: Posición.
  column('item', 'Posición', ['Item']),
  // [EN] Document Date; [ES] A: Fecha documento.
  column('documentDate', 'Fecha documento', ['Document Date']),
  // [EN] Material; [ES] A: Material.
  column('material', 'Material', []),
  // [EN] Short Text; [ES] A: Texto breve.
  column('shortText', 'Texto breve', ['Short Text'], ''),
  // [EN] Order Quantity; [ES] A: Cantidad de pedido.
  column('orderQuantity', 'Cantidad de pedido', ['Order Quantity']),
  // [EN] Order Unit; [ES] A: Unidad medida pedido; [#13] Unidad de medida de pedido.
  column('orderUnit', 'Unidad de medida de pedido', ['Order Unit', 'Unidad medida pedido'], ''),
  // [EN] Net Price; [ES] A: Precio neto.
  column('netPrice', 'Precio neto', ['Net Price']),
  // [EN] Price unit; [ES] A: Cantidad base, and «Por» in the table of equivalences.
  column('priceUnit', 'Cantidad base', ['Price unit', 'Por'], '1'),
  // [EN] Net Order Value; [ES] B: Valor neto de pedido, Valor neto de orden.
  column('netOrderValue', 'Valor neto de pedido', ['Net Order Value', 'Valor neto de orden'], ''),
  // [EN] Currency; [ES] A: Moneda.
  column('currency', 'Moneda', ['Currency']),
  // [EN] Supplier/Supplying Plant; [ES] A: Proveedor/Centro suministrador; [#13] Vendor, Proveedor.
  column('vendor', 'Proveedor', ['Vendor', 'Supplier/Supplying Plant', 'Proveedor/Centro suministrador'], ''),
  // [EN] Name of Supplier; [ES] B: Nombre del proveedor; [#13] Name of Vendor.
  column('vendorName', 'Nombre del proveedor', ['Name of Supplier', 'Name of Vendor'], ''),
  // [EN] Plant; [ES] A: Centro.
  column('plant', 'Centro', ['Plant'], ''),
  // [EN] Still to be delivered (qty); [ES] A: Por entregar (cantidad).
  column('stillToDeliverQuantity', 'Por entregar (cantidad)', ['Still to be delivered (qty)'], ''),
  // [EN] Still to be delivered (value); [ES] A: Por entregar (valor).
  column('stillToDeliverValue', 'Por entregar (valor)', ['Still to be delivered (value)'], ''),
  // [EN] Still to be invoiced (qty); [ES] A: Por calcular (cantidad) (the reference's pairing,
  // unconfirmed by SAP's documentation); [#13] Por facturar.
  column('stillToInvoiceQuantity', 'Por facturar (cantidad)', ['Still to be invoiced (qty)', 'Por calcular (cantidad)'], ''),
  // [EN] Still to be invoiced (val.); [ES] A: Por calcular (valor); [#13] Por facturar.
  column('stillToInvoiceValue', 'Por facturar (valor)', ['Still to be invoiced (val.)', 'Por calcular (valor)'], ''),
  // Not an ME2N column: the selection process, where a layout adds it (a user field, or SAP's
  // Collective Number, which EsSalud may fill with the process code). Narrows the match (issue 13).
  column('processCode', 'Proceso', ['Código de proceso', 'Process', 'Process Code', 'Collective Number', 'Número colectivo', 'Nº colectivo'], ''),
] as const satisfies readonly ImportColumn<SapKey>[];

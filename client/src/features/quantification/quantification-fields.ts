// The inputs of each method as the what-if form asks for them: the method's own name (what the API
// takes), its symbol and a Spanish label; which are the data and which the values computed from
// them that a planner may give instead (what-if). Labels as shared/quantification.ts words them.
import type { QuantificationMethod } from '../../../../shared/quantification-api.ts';

export type FieldKind = 'decimal' | 'integer' | 'list' | 'boolean';

export interface MethodField {
  name: string;
  symbol: string;
  label: string;
  kind: FieldKind;
  /** A value computed from the others; given, it replaces the computation. */
  derived: boolean;
}

const field = (name: string, symbol: string, label: string, kind: FieldKind, derived = false): MethodField => ({ name, symbol, label, kind, derived });

export const methodFields: Record<QuantificationMethod, readonly MethodField[]> = {
  who: [
    field('consumptionInPeriod', 'CT', 'Consumo del período', 'decimal'),
    field('reviewMonths', 'RM', 'Meses del período revisado', 'decimal'),
    field('daysOutOfStock', 'DOS', 'Días sin existencias', 'decimal'),
    field('leadTimeMonths', 'LT', 'Tiempo de entrega en meses', 'decimal'),
    field('procurementPeriodMonths', 'PP', 'Período de compra en meses', 'decimal'),
    field('stockOnHand', '', 'Existencias disponibles', 'decimal'),
    field('stockOnOrder', '', 'Existencias en pedido', 'decimal'),
    field('adjustedMonthlyConsumption', 'CA', 'Consumo mensual ajustado', 'decimal', true),
    field('safetyStock', 'SS', 'Stock de seguridad', 'decimal', true),
    field('quantityToOrder', 'QO', 'Cantidad a pedir', 'integer', true),
  ],
  openlmis: [
    field('beginningBalance', 'A', 'Saldo inicial', 'integer'),
    field('totalReceivedQuantity', 'B', 'Cantidad recibida', 'integer'),
    field('totalConsumedQuantity', 'C', 'Consumo del período', 'integer'),
    field('totalStockoutDays', 'X', 'Días sin existencias', 'integer'),
    field('monthsInPeriod', 'M', 'Meses del período', 'integer'),
    field('previousAdjustedConsumptions', '', 'Consumos ajustados de períodos anteriores (separados por comas)', 'list'),
    field('maxPeriodsOfStock', '', 'Períodos máximos de existencias', 'decimal'),
    field('netContent', '', 'Contenido del envase (unidades)', 'integer'),
    field('packRoundingThreshold', '', 'Umbral de redondeo del envase', 'integer'),
    field('roundToZero', '', 'Redondear a cero envases', 'boolean'),
    field('pricePerPack', '', 'Precio por envase', 'decimal'),
    field('totalLossesAndAdjustments', 'D', 'Pérdidas y ajustes', 'integer', true),
    field('stockOnHand', 'E', 'Existencias al cierre', 'integer', true),
    field('adjustedConsumption', 'N', 'Consumo ajustado', 'integer', true),
    field('averageConsumption', 'P', 'Consumo promedio', 'integer', true),
    field('maximumStockQuantity', 'H', 'Existencias máximas', 'integer', true),
    field('calculatedOrderQuantity', 'I', 'Cantidad calculada a pedir', 'integer', true),
    field('orderQuantity', 'CP', 'Cantidad a pedir', 'integer', true),
    field('packsToShip', 'V', 'Envases a despachar', 'integer', true),
    field('totalCost', '', 'Costo total', 'decimal', true),
  ],
};

export const methodLabels: Record<QuantificationMethod, string> = {
  who: 'OMS/MSH (por consumo)',
  openlmis: 'OpenLMIS (requisición)',
};

/** "Consumo del período (CT)": how a value is named wherever it is shown. */
export function fieldName(method: QuantificationMethod, name: string): string {
  const known = methodFields[method].find((candidate) => candidate.name === name);
  if (!known) return name;
  return known.symbol ? `${known.label} (${known.symbol})` : known.label;
}

export type WhatIfValues = Record<string, string | boolean>;

/**
 * The form's values from the inputs the suggestion used; a value the method could derive but was
 * given (OpenLMIS's stock on hand E, read from the stock position) is filled in too, the others empty.
 */
export function whatIfDefaults(method: QuantificationMethod, inputs: Readonly<Record<string, string | string[] | boolean>>): WhatIfValues {
  return Object.fromEntries(
    methodFields[method].map((candidate) => {
      const value = inputs[candidate.name];
      if (candidate.kind === 'boolean') return [candidate.name, value === true || value === 'true'];
      if (Array.isArray(value)) return [candidate.name, value.join(', ')];
      return [candidate.name, typeof value === 'string' ? value : ''];
    }),
  );
}

/**
 * What the calculator is sent: empty fields left out; OpenLMIS counts as JSON integers, as its API
 * takes them (a value that is not one goes as written, for the schema to name the mistake).
 */
export function whatIfBody(method: QuantificationMethod, values: WhatIfValues): Record<string, unknown> {
  const body: Record<string, unknown> = { method };
  for (const candidate of methodFields[method]) {
    const value = values[candidate.name];
    if (candidate.kind === 'boolean') {
      body[candidate.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') continue;
    const asInteger = (part: string) => (/^-?\d{1,15}$/.test(part) ? Number(part) : part);
    if (candidate.kind === 'list') body[candidate.name] = text.split(/[\s,;]+/).filter(Boolean).map(asInteger);
    else if (candidate.kind === 'integer' && method === 'openlmis') body[candidate.name] = asInteger(text);
    else body[candidate.name] = text;
  }
  return body;
}

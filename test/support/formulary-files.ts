// The formulary's columns as a person types them in a spreadsheet: written out, not taken from the
// code, so a test also proves that these real headers are recognised.
export const formularyHeader = ['Código', 'Denominación', 'Concentración', 'Forma farmacéutica', 'Cartilla', 'Grupo terapéutico', 'VEN', 'Oncológico'];
